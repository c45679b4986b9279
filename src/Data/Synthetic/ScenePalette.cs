namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>The colours of the synthetic scenes.</summary>
/// <remarks>
/// Object colours (the ones captions name) are chosen so that each is at least ~40 levels
/// away, per channel, from every terrain colour and from each other: they stay clearly
/// distinct at 64 px under the photometric noise. Terrain colours are never named in captions.
/// </remarks>
public static class ScenePalette
{
    /// <summary>White object colour.</summary>
    public static readonly SceneColor White = new("white", 240, 240, 240);
    /// <summary>Red object colour.</summary>
    public static readonly SceneColor Red = new("red", 205, 40, 40);
    /// <summary>Blue object colour.</summary>
    public static readonly SceneColor Blue = new("blue", 40, 90, 230);
    /// <summary>Yellow object colour.</summary>
    public static readonly SceneColor Yellow = new("yellow", 245, 210, 40);
    /// <summary>Orange object colour.</summary>
    public static readonly SceneColor Orange = new("orange", 240, 130, 30);
    /// <summary>Black object colour.</summary>
    public static readonly SceneColor Black = new("black", 25, 25, 25);

    /// <summary>Green crop field.</summary>
    public static readonly SceneColor GreenField = new("green", 70, 160, 50);
    /// <summary>Ripe (yellow) crop field.</summary>
    public static readonly SceneColor YellowField = new("yellow", 215, 190, 85);
    /// <summary>Ploughed (brown) field.</summary>
    public static readonly SceneColor BrownField = new("brown", 130, 85, 45);

    /// <summary>Tree crown.</summary>
    public static readonly SceneColor TreeGreen = new("green", 30, 95, 35);
    /// <summary>Darker tree crown, for variety inside forests.</summary>
    public static readonly SceneColor TreeDarkGreen = new("green", 20, 70, 30);
    /// <summary>Grass or lawn.</summary>
    public static readonly SceneColor Grass = new("grass", 100, 140, 75);
    /// <summary>Bare soil.</summary>
    public static readonly SceneColor Soil = new("soil", 125, 115, 75);
    /// <summary>Farm track between fields.</summary>
    public static readonly SceneColor FarmTrack = new("track", 185, 160, 115);
    /// <summary>River, sea and harbour water.</summary>
    public static readonly SceneColor Water = new("water", 35, 85, 145);
    /// <summary>Shallow water along a beach.</summary>
    public static readonly SceneColor Shallow = new("shallow", 80, 155, 185);
    /// <summary>Beach sand.</summary>
    public static readonly SceneColor Sand = new("sand", 215, 195, 150);
    /// <summary>Asphalt of roads and parking lots.</summary>
    public static readonly SceneColor Asphalt = new("asphalt", 100, 100, 105);
    /// <summary>Runway surface.</summary>
    public static readonly SceneColor Runway = new("runway", 70, 70, 72);
    /// <summary>Concrete of aprons, quays and industrial yards.</summary>
    public static readonly SceneColor Concrete = new("concrete", 155, 155, 150);
    /// <summary>Wooden pier.</summary>
    public static readonly SceneColor PierWood = new("wood", 140, 110, 80);
    /// <summary>Stadium stands.</summary>
    public static readonly SceneColor Stands = new("stands", 175, 170, 165);
    /// <summary>Stadium pitch.</summary>
    public static readonly SceneColor Pitch = new("green", 55, 150, 60);
    /// <summary>Drop shadow under raised objects.</summary>
    public static readonly SceneColor Shadow = new("shadow", 50, 50, 45);

    /// <summary>Every colour a caption may name for a countable object.</summary>
    public static IReadOnlyList<SceneColor> ObjectColors { get; } = [White, Red, Blue, Yellow, Orange, Black];
}
