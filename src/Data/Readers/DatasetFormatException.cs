namespace PriorClip.MLNet.Data;

/// <summary>
/// Thrown when a dataset file cannot be read as asked: malformed JSON or CSV, a missing field, an
/// empty caption, a duplicate image, an unknown split, a missing image file (each unless the
/// matching <see cref="DatasetReadOptions"/> policy says to skip). The message names the file and
/// the entry (index and image file name, or line and column).
/// </summary>
public sealed class DatasetFormatException : FormatException
{
    /// <summary>Creates the exception for a problem (its outcome is forced to <see cref="DatasetProblemOutcome.Error"/>).</summary>
    /// <param name="problem">What went wrong and where.</param>
    /// <param name="inner">The parser's exception, if one caused this.</param>
    public DatasetFormatException(DatasetProblem problem, Exception? inner = null)
        : base((problem ?? throw new ArgumentNullException(nameof(problem))).Message, inner)
    {
        Problem = problem with { Outcome = DatasetProblemOutcome.Error };
    }

    /// <summary>The problem, with its file and entry.</summary>
    public DatasetProblem Problem { get; }

    /// <summary>What went wrong.</summary>
    public DatasetProblemKind Kind => Problem.Kind;

    /// <summary>The dataset file.</summary>
    public string File => Problem.File;

    /// <summary>The entry inside the file (<c>images[3]</c>, <c>[12].caption</c>, <c>record 7</c>), or null.</summary>
    public string? Entry => Problem.Entry;

    /// <summary>The image file name of the entry, or null.</summary>
    public string? ImageFileName => Problem.ImageFileName;

    /// <summary>1-based line, or null.</summary>
    public long? Line => Problem.Line;

    /// <summary>1-based column, or null.</summary>
    public long? Column => Problem.Column;
}
