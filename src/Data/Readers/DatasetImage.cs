namespace PriorClip.MLNet.Data;

/// <summary>One image of a caption dataset with all its captions.</summary>
/// <param name="ImageId">Stable id: the file name as written in the dataset, without extension,
/// with <c>/</c> separators (<c>airport_12</c>, <c>sub/00012</c>).</param>
/// <param name="FileName">The image file name as written in the dataset.</param>
/// <param name="ImagePath">Absolute path of the image file.</param>
/// <param name="SceneClass">Scene class (explicit column, or derived from the file name; may be empty).</param>
/// <param name="Split">train, val or test.</param>
/// <param name="Captions">The captions, in file order (after any padding).</param>
public sealed record DatasetImage(
    string ImageId,
    string FileName,
    string ImagePath,
    string SceneClass,
    string Split,
    IReadOnlyList<string> Captions);
