namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>The visual prior ("instruction") input.</summary>
public sealed record InstructionConfig
{
    /// <summary>Where the instruction vector comes from.</summary>
    public InstructionSource Source { get; init; } = InstructionSource.None;

    /// <summary>External: width P of the instruction feature column.</summary>
    public int Width { get; init; }

    /// <summary>SceneClassifier: number of scene classes it is trained on.</summary>
    public int SceneClasses { get; init; }

    /// <summary>SceneClassifier: stage widths of its CNN (the last is the instruction width).</summary>
    public int[] ClassifierStageWidths { get; init; } = [16, 32, 64, 128];
}
