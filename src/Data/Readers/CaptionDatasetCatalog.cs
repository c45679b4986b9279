using Microsoft.ML;

namespace PriorClip.MLNet.Data;

/// <summary>
/// <c>mlContext.Data.LoadCaptionDataset(…)</c>: reads a caption dataset file (Karpathy JSON, PIR
/// JSON, CSV) straight into an <see cref="IDataView"/> with the columns listed on
/// <see cref="CaptionDataset"/>. Use <see cref="CaptionDatasetReader"/> to also get the load report.
/// </summary>
public static class CaptionDatasetCatalog
{
    /// <summary>Reads a caption dataset into a data view.</summary>
    /// <param name="catalog">The context's <c>Data</c> catalog.</param>
    /// <param name="path">The dataset file.</param>
    /// <param name="options">Reader options.</param>
    /// <param name="split">Keep only this split's rows (train, val, test), or null for all.</param>
    /// <returns>One row per caption.</returns>
    public static IDataView LoadCaptionDataset(this DataOperationsCatalog catalog, string path, DatasetReadOptions options, string? split = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return CaptionDatasetReader.Read(path, options).ToDataView(catalog, split);
    }

    /// <summary>Reads a caption dataset into a data view with default options.</summary>
    /// <param name="catalog">The context's <c>Data</c> catalog.</param>
    /// <param name="path">The dataset file.</param>
    /// <param name="imageFolder">Folder of the image files (RSICD: its <c>RSICD_images</c> folder); null searches
    /// the dataset file's folder and then its <c>images/</c> subfolder.</param>
    /// <param name="split">Keep only this split's rows (train, val, test), or null for all.</param>
    /// <returns>One row per caption.</returns>
    public static IDataView LoadCaptionDataset(this DataOperationsCatalog catalog, string path, string? imageFolder = null, string? split = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return CaptionDatasetReader.Read(path, new DatasetReadOptions { ImageFolder = imageFolder }).ToDataView(catalog, split);
    }
}
