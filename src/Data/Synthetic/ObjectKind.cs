namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>The typed things a synthetic aerial scene is drawn from.</summary>
/// <remarks>
/// Discrete kinds (planes, boats, cars, …) are countable, each drawn as one connected shape;
/// terrain kinds (runway, water, road, …) are areas that give a scene its context.
/// </remarks>
public enum ObjectKind
{
    /// <summary>An aeroplane, drawn as a cross (fuselage, wings, tail).</summary>
    Plane,
    /// <summary>A boat or ship, drawn as an elongated ellipse.</summary>
    Boat,
    /// <summary>A pier or jetty reaching into water.</summary>
    Pier,
    /// <summary>A car, drawn as a small rectangle.</summary>
    Car,
    /// <summary>A round storage tank.</summary>
    StorageTank,
    /// <summary>A house, drawn as its roof.</summary>
    House,
    /// <summary>A large industrial building, drawn as its roof.</summary>
    Building,
    /// <summary>A cultivated field.</summary>
    Field,
    /// <summary>A tree crown.</summary>
    Tree,
    /// <summary>A beach umbrella.</summary>
    Umbrella,
    /// <summary>A stadium: oval stands, a coloured running track and a green pitch.</summary>
    Stadium,
    /// <summary>A bridge deck spanning a river.</summary>
    Bridge,
    /// <summary>A paved road.</summary>
    Road,
    /// <summary>A river band.</summary>
    River,
    /// <summary>Open sea.</summary>
    Sea,
    /// <summary>Shallow water along a shore.</summary>
    ShallowWater,
    /// <summary>An airport runway.</summary>
    Runway,
    /// <summary>An airport apron where planes park.</summary>
    Apron,
    /// <summary>A paved area such as a parking lot or quay.</summary>
    Pavement,
    /// <summary>A patch of land of another ground cover.</summary>
    Land,
}
