namespace PriorClip.MLNet.Data;

/// <summary>What <see cref="CaptionDatasetReader"/> does with an entry that breaks a rule it can
/// recover from (an empty caption, a duplicate image, a malformed entry).</summary>
public enum EntryProblemPolicy
{
    /// <summary>Throw a <see cref="DatasetFormatException"/> naming the file and the entry.</summary>
    Error,

    /// <summary>Leave the offending entry out, and record a problem in the load report.</summary>
    Skip,
}
