using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>Option sets small enough for unit tests (a few dozen images).</summary>
internal static class SmallDatasets
{
    public static SyntheticDatasetOptions Options(int seed = 42, int train = 36, int val = 13, int test = 14, int imageSize = 64) => new()
    {
        Seed = seed,
        TrainImages = train,
        ValImages = val,
        TestImages = test,
        ImageSize = imageSize,
    };

    /// <summary>Specs and captions of many scenes without touching the disk: the same path <see cref="SyntheticDatasetGenerator"/> takes per image.</summary>
    public static IReadOnlyList<SyntheticImage> InMemory(
        int imagesPerClass, int seed = 7, double genericCaptionFraction = 0.2, SyntheticDifficulty difficulty = SyntheticDifficulty.Standard)
    {
        var options = Options(seed, train: imagesPerClass * SceneClasses.All.Count, val: 0, test: 0);
        options.NoiseLevel = 0; // pixels are not used; keeps this fast
        options.GenericCaptionFraction = genericCaptionFraction;
        options.Difficulty = difficulty;
        return SplitPlan.Create(options)
            .Select(entry => SyntheticDatasetGenerator.Create(entry, ImageSeeds.ForImage(seed, entry.ImageId), options).Image)
            .ToList();
    }
}
