namespace PriorClip.MLNet.Data;

/// <summary>The on-disk layouts <see cref="CaptionDatasetReader"/> understands.</summary>
public enum DatasetFormat
{
    /// <summary>
    /// Detect from the file: <c>.csv</c>/<c>.tsv</c> extension → <see cref="Csv"/>; a JSON object
    /// → <see cref="Karpathy"/>; a JSON array → <see cref="Pir"/>; anything else → <see cref="Csv"/>.
    /// </summary>
    Auto,

    /// <summary>
    /// Karpathy-style JSON (RSICD <c>dataset_rsicd.json</c>, RSITMD <c>dataset_RSITMD.json</c>,
    /// UCM-Captions, Sydney-Captions): <c>{"images":[{"filename","split","sentences":[{"raw"}]}]}</c>.
    /// </summary>
    Karpathy,

    /// <summary>
    /// PIR-style per-split JSON: a list of <c>{"image","caption"}</c> where <c>caption</c> is one
    /// string (train files, one entry per caption) or a list of strings (val/test files).
    /// </summary>
    Pir,

    /// <summary>
    /// Delimited text with a header row, one row per caption (open_clip's <c>--csv-img-key</c> /
    /// <c>--csv-caption-key</c> / <c>--csv-separator</c> convention), RFC 4180 quoting.
    /// </summary>
    Csv,
}
