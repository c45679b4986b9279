using Microsoft.ML;

namespace PriorClip.MLNet.Data;

/// <summary>
/// A caption dataset read by <see cref="CaptionDatasetReader"/>: its images (each with all its
/// captions) and the load report. <see cref="ToDataView(MLContext, string?)"/> gives the ML.NET
/// view, one row per caption:
/// <list type="table">
/// <listheader><term>column</term><description>type</description></listheader>
/// <item><term>ImagePath</term><description>text, absolute path</description></item>
/// <item><term>Caption</term><description>text</description></item>
/// <item><term>ImageId</term><description>text, stable (file name without extension)</description></item>
/// <item><term>SceneClass</term><description>text</description></item>
/// <item><term>Split</term><description>text: train, val or test</description></item>
/// <item><term>CaptionIndex</term><description>Int32, position of the caption within its image</description></item>
/// </list>
/// Rows come in file order: image by image, captions in order.
/// </summary>
public sealed class CaptionDataset
{
    internal CaptionDataset(IReadOnlyList<DatasetImage> images, DatasetLoadReport report)
    {
        Images = images;
        Report = report;
    }

    /// <summary>The images, in file order.</summary>
    public IReadOnlyList<DatasetImage> Images { get; }

    /// <summary>Counts and problems of the load (for a <see cref="WithSplit"/> subset: counts of the subset).</summary>
    public DatasetLoadReport Report { get; }

    /// <summary>The (first) dataset file read, as an absolute path.</summary>
    public string SourcePath => Report.Sources[0];

    /// <summary>The rows of the data view, optionally for one split only.</summary>
    /// <param name="split">A split name (train, val, test; restval means train), or null for all rows.</param>
    /// <returns>One row per caption.</returns>
    public IEnumerable<CaptionRow> ToRows(string? split = null)
    {
        var wanted = split is null ? null : DatasetSplits.Normalize(split);
        return Images
            .Where(image => wanted is null || image.Split == wanted)
            .SelectMany(image => image.Captions.Select((caption, index) => new CaptionRow
            {
                ImagePath = image.ImagePath,
                Caption = caption,
                ImageId = image.ImageId,
                SceneClass = image.SceneClass,
                Split = image.Split,
                CaptionIndex = index,
            }));
    }

    /// <summary>The data set as an <see cref="IDataView"/> (columns in the class summary).</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="split">A split name to keep only its rows, or null for all rows.</param>
    /// <returns>The data view.</returns>
    public IDataView ToDataView(MLContext mlContext, string? split = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return ToDataView(mlContext.Data, split);
    }

    /// <summary>The data set as an <see cref="IDataView"/>, made through a data catalog.</summary>
    /// <param name="catalog">The context's <c>Data</c> catalog.</param>
    /// <param name="split">A split name to keep only its rows, or null for all rows.</param>
    /// <returns>The data view.</returns>
    public IDataView ToDataView(DataOperationsCatalog catalog, string? split = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // Materialised so that the view can be cursored many times and repeated enumeration is cheap.
        return catalog.LoadFromEnumerable(ToRows(split).ToList());
    }

    /// <summary>The images of one split, with a report counting only them (problems are those of the whole load).</summary>
    /// <param name="split">train, val or test (restval means train).</param>
    /// <returns>A new data set.</returns>
    public CaptionDataset WithSplit(string split)
    {
        var wanted = DatasetSplits.Normalize(split);
        var images = Images.Where(image => image.Split == wanted).ToList();
        return new CaptionDataset(images, Report.For(images));
    }
}
