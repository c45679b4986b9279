using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>The output is a pure function of the options: same seed, same bytes; other seed, other data.</summary>
public class GeneratorDeterminismTests
{
    [Fact]
    public void SameSeedGivesByteIdenticalJsonAndImages()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var optionsA = SmallDatasets.Options(seed: 5);
        optionsA.MaxDegreeOfParallelism = 1;
        var optionsB = SmallDatasets.Options(seed: 5);
        optionsB.MaxDegreeOfParallelism = 4; // thread count must not leak into the output

        SyntheticDatasetGenerator.Generate(first.Path, optionsA);
        SyntheticDatasetGenerator.Generate(second.Path, optionsB);

        var a = FileHashes.Of(first.Path);
        var b = FileHashes.Of(second.Path);
        Assert.Equal(optionsA.TotalImages + 2, a.Count); // the images, the dataset JSON and its coarse-caption twin
        Assert.Equal(a, b);
    }

    [Fact]
    public void DifferentSeedGivesDifferentImagesAndCaptions()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        SyntheticDatasetGenerator.Generate(first.Path, SmallDatasets.Options(seed: 5));
        SyntheticDatasetGenerator.Generate(second.Path, SmallDatasets.Options(seed: 6));

        var a = FileHashes.Of(first.Path);
        var b = FileHashes.Of(second.Path);
        Assert.Equal(a.Keys, b.Keys); // same file names: the plan depends on the sizes only
        Assert.NotEqual(a[SyntheticDatasetGenerator.JsonFileName], b[SyntheticDatasetGenerator.JsonFileName]);
        int differentImages = a.Keys.Count(k => k.EndsWith(".png", StringComparison.Ordinal) && a[k] != b[k]);
        Assert.Equal(a.Count - 2, differentImages);
    }

    [Fact]
    public void PerImageSeedsDifferAcrossImagesAndMasterSeeds()
    {
        var seeds = Enumerable.Range(0, 1000).Select(i => ImageSeeds.ForImage(42, i)).ToHashSet();
        Assert.Equal(1000, seeds.Count);
        Assert.NotEqual(ImageSeeds.ForImage(42, 0), ImageSeeds.ForImage(43, 0));
        Assert.Equal(ImageSeeds.ForImage(42, 17), ImageSeeds.ForImage(42, 17));
    }
}
