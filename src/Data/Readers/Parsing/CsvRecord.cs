namespace PriorClip.MLNet.Data;

/// <summary>One delimited record: its fields, the 1-based column where each starts, its first line,
/// and the column just past its last character.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Fields, IReadOnlyList<int> FieldColumns, long Line, int EndColumn);
