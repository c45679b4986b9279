namespace PriorClip.MLNet.Data;

/// <summary>Where an entry sits in a dataset file; turns into a <see cref="DatasetProblem"/>.</summary>
internal sealed record SourceLocation(string File, string? Entry, string? ImageFileName, long? Line = null, long? Column = null)
{
    public DatasetProblem Problem(
        DatasetProblemKind kind, string description, DatasetProblemOutcome outcome = DatasetProblemOutcome.Error) =>
        new(kind, File, Entry, ImageFileName, Line, Column, description, outcome);

    /// <summary>Short form used when one entry's message points at another (duplicates).</summary>
    public string Describe()
    {
        var where = Line is null ? Entry : $"line {Line} ({Entry})";
        return ImageFileName is null ? where ?? File : $"{where} '{ImageFileName}'";
    }
}
