namespace PriorClip.MLNet.Data;

/// <summary>What happened to the data a <see cref="DatasetProblem"/> is about.</summary>
public enum DatasetProblemOutcome
{
    /// <summary>The load failed (the problem travels in a <see cref="DatasetFormatException"/>).</summary>
    Error,

    /// <summary>The entry (image or caption) was left out.</summary>
    Skipped,

    /// <summary>The data was kept as it is.</summary>
    Kept,

    /// <summary>The images were left out (short caption lists under <see cref="ShortCaptionListPolicy.Drop"/>).</summary>
    Dropped,

    /// <summary>Captions were repeated to reach the expected count.</summary>
    Padded,
}
