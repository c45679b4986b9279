namespace PriorClip.MLNet.Data;

/// <summary>Names of the columns of a caption dataset's <see cref="Microsoft.ML.IDataView"/>.</summary>
public static class CaptionDatasetColumns
{
    /// <summary>Absolute image path (text).</summary>
    public const string ImagePath = nameof(CaptionRow.ImagePath);

    /// <summary>Caption (text).</summary>
    public const string Caption = nameof(CaptionRow.Caption);

    /// <summary>Stable image id (text).</summary>
    public const string ImageId = nameof(CaptionRow.ImageId);

    /// <summary>Scene class (text).</summary>
    public const string SceneClass = nameof(CaptionRow.SceneClass);

    /// <summary>Split: train, val or test (text).</summary>
    public const string Split = nameof(CaptionRow.Split);

    /// <summary>0-based caption position within its image (Int32).</summary>
    public const string CaptionIndex = nameof(CaptionRow.CaptionIndex);
}
