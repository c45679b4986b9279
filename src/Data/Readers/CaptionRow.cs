namespace PriorClip.MLNet.Data;

/// <summary>
/// One row of the <see cref="Microsoft.ML.IDataView"/> made by <see cref="CaptionDataset.ToDataView(Microsoft.ML.MLContext, string?)"/>:
/// one caption of one image. Text properties become ML.NET text columns, <see cref="CaptionIndex"/>
/// an <see cref="int"/> column. Use it with <c>mlContext.Data.CreateEnumerable&lt;CaptionRow&gt;</c>.
/// </summary>
public sealed class CaptionRow
{
    /// <summary>Absolute path of the image file.</summary>
    public string ImagePath { get; set; } = "";

    /// <summary>The caption text.</summary>
    public string Caption { get; set; } = "";

    /// <summary>The image's stable id (see <see cref="DatasetImage.ImageId"/>).</summary>
    public string ImageId { get; set; } = "";

    /// <summary>The image's scene class as text (a later stage maps it to a key).</summary>
    public string SceneClass { get; set; } = "";

    /// <summary>train, val or test.</summary>
    public string Split { get; set; } = "";

    /// <summary>0-based position of the caption among its image's captions.</summary>
    public int CaptionIndex { get; set; }
}
