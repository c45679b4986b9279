using System.Text;

namespace PriorClip.MLNet.Data;

/// <summary>
/// One problem found while reading a dataset file: either the reason a load failed (carried by
/// <see cref="DatasetFormatException"/>) or a counted, reported event in
/// <see cref="DatasetLoadReport.Problems"/>.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="File">The dataset file (the path as the reader was given it, made absolute; for the
/// short-caption summary of several files read together, their paths joined with <c>, </c>).</param>
/// <param name="Entry">Where in the file: a JSON path such as <c>images[3].sentences[1]</c> (indices
/// are 0-based, as in the file's arrays) or <c>record 7</c> for CSV (0-based data record); null for
/// whole-file problems.</param>
/// <param name="ImageFileName">The image file name as written in the entry, when known.</param>
/// <param name="Line">1-based line (JSON syntax errors, CSV records), when known.</param>
/// <param name="Column">1-based column (JSON: byte in the line, from the JSON parser; CSV: character), when known.</param>
/// <param name="Description">What is wrong, in words.</param>
/// <param name="Outcome">What the reader did about it.</param>
public sealed record DatasetProblem(
    DatasetProblemKind Kind,
    string File,
    string? Entry,
    string? ImageFileName,
    long? Line,
    long? Column,
    string Description,
    DatasetProblemOutcome Outcome)
{
    /// <summary>
    /// The full message: <c>FILE: line L, column C: ENTRY 'IMAGE': DESCRIPTION</c>, leaving out the
    /// parts that are not known.
    /// </summary>
    public string Message
    {
        get
        {
            var text = new StringBuilder(File);
            if (Line is not null)
            {
                text.Append(": line ").Append(Line);
                if (Column is not null)
                {
                    text.Append(", column ").Append(Column);
                }
            }

            if (Entry is not null || ImageFileName is not null)
            {
                text.Append(": ");
                if (Entry is not null)
                {
                    text.Append(Entry);
                }

                if (ImageFileName is not null)
                {
                    text.Append(Entry is null ? "" : " ").Append('\'').Append(ImageFileName).Append('\'');
                }
            }

            return text.Append(": ").Append(Description).ToString();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Message;
}
