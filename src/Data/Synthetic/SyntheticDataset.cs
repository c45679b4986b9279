namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Summary of a generated synthetic data set.</summary>
/// <param name="JsonPath">Full path of <c>dataset_synthetic.json</c>.</param>
/// <param name="ImagesDirectory">Full path of the <c>images/</c> folder next to it.</param>
/// <param name="ImageSize">Side of the images in pixels.</param>
/// <param name="Images">Every image with its scene spec and captions, in <c>imgid</c> order.</param>
/// <param name="Elapsed">Wall-clock time of the generation.</param>
public sealed record SyntheticDataset(string JsonPath, string ImagesDirectory, int ImageSize, IReadOnlyList<SyntheticImage> Images, TimeSpan Elapsed)
{
    /// <summary>Number of images per split and class: <c>CountsPerSplit["train"]["airport"]</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> CountsPerSplit { get; } =
        DatasetSplit.All.ToDictionary(
            split => split,
            split => (IReadOnlyDictionary<string, int>)SceneClasses.All.ToDictionary(
                c => c, c => Images.Count(i => i.Split == split && i.Scene.SceneClass == c)));
}
