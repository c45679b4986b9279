namespace PriorClip.MLNet.Data;

/// <summary>The kinds of problem a dataset load can report or fail with.</summary>
public enum DatasetProblemKind
{
    /// <summary>The JSON text is not well-formed (line and column come from the JSON parser).</summary>
    MalformedJson,

    /// <summary>A CSV record breaks RFC 4180 quoting (an unterminated quote, text after a closing quote).</summary>
    MalformedCsv,

    /// <summary>The file is neither of the shapes its format expects (e.g. a JSON object without <c>images</c>).</summary>
    UnrecognizedFormat,

    /// <summary>A required field or column is missing, or has the wrong JSON type.</summary>
    MissingField,

    /// <summary>A CSV record has a different number of fields than the header.</summary>
    WrongFieldCount,

    /// <summary>A caption is empty or only whitespace.</summary>
    EmptyCaption,

    /// <summary>The same image (same image id) appears in two entries that should be one.</summary>
    DuplicateImage,

    /// <summary>Rows of one image disagree (different split or scene class).</summary>
    InconsistentImage,

    /// <summary>A split name other than train, val, test (or restval), or no split at all.</summary>
    UnknownSplit,

    /// <summary>The image file does not exist under any of the searched folders.</summary>
    MissingImage,

    /// <summary>An image has no captions at all; it is always left out.</summary>
    NoCaptions,

    /// <summary>Summary of images with fewer captions than expected and how they were handled.</summary>
    ShortCaptionList,
}
