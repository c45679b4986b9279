using System.Text.Json;
using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>The hard variant: deterministic, labelled as such, and measurably more ambiguous between classes than the standard set.</summary>
public class HardVariantTests
{
    private static readonly IReadOnlyList<SyntheticImage> Standard = SmallDatasets.InMemory(imagesPerClass: 40, seed: 21);

    private static readonly IReadOnlyList<SyntheticImage> Hard = SmallDatasets.InMemory(imagesPerClass: 40, seed: 21, difficulty: SyntheticDifficulty.Hard);

    [Fact]
    public void SameSeedGivesByteIdenticalHardSetWhateverTheThreadCount()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        using var standard = new TempDirectory();
        var optionsA = SmallDatasets.Options(seed: 5);
        optionsA.Difficulty = SyntheticDifficulty.Hard;
        optionsA.MaxDegreeOfParallelism = 1;
        var optionsB = SmallDatasets.Options(seed: 5);
        optionsB.Difficulty = SyntheticDifficulty.Hard;
        optionsB.MaxDegreeOfParallelism = 4;

        var hard = SyntheticDatasetGenerator.Generate(first.Path, optionsA);
        SyntheticDatasetGenerator.Generate(second.Path, optionsB);
        var plain = SyntheticDatasetGenerator.Generate(standard.Path, SmallDatasets.Options(seed: 5));

        var a = FileHashes.Of(first.Path);
        Assert.Equal(optionsA.TotalImages + 2, a.Count);
        Assert.Equal(a, FileHashes.Of(second.Path));
        Assert.NotEqual(a[SyntheticDatasetGenerator.JsonFileName], FileHashes.Of(standard.Path)[SyntheticDatasetGenerator.JsonFileName]);
        // Same plan: the class of every image (its file-name prefix) is the standard one.
        Assert.Equal(plain.Images.Select(i => (i.FileName, i.Split)), hard.Images.Select(i => (i.FileName, i.Split)));
        Assert.All(hard.Images, i => Assert.Equal(i.Scene.SceneClass, i.FileName[..i.FileName.IndexOf('_')]));
        using var json = JsonDocument.Parse(File.ReadAllBytes(hard.JsonPath));
        Assert.Equal("synthetic-rs-hard", json.RootElement.GetProperty("dataset").GetString());
    }

    [Fact]
    public void StandardScenesHaveNoSecondaryRegion() => Assert.All(Standard, i => Assert.Null(i.Scene.Secondary));

    [Fact]
    public void ManyHardScenesCarryALargeRegionOfAnotherClass()
    {
        var mixed = Hard.Where(i => i.Scene.Secondary is not null).ToList();
        double share = mixed.Count / (double)Hard.Count;
        Assert.InRange(share, 0.3, 0.6);
        Assert.All(mixed, i => Assert.True(i.Scene.Secondary!.AreaFraction >= 0.3, $"{i.FileName}: band covers {i.Scene.Secondary.AreaFraction:P0}"));
        // Ground covers (forest, farmland, water) as large distractors, and mixes of many class pairs.
        var secondaryClasses = mixed.Select(i => i.Scene.Secondary!.SceneClass).ToList();
        int groundCovers = secondaryClasses.Count(c => c is SceneClasses.Forest or SceneClasses.Farmland or SceneClasses.River);
        Assert.True(groundCovers >= mixed.Count / 3, $"{groundCovers} of {mixed.Count} secondary regions are ground covers");
        Assert.True(secondaryClasses.Distinct().Count() >= 10, $"secondary classes: {string.Join(", ", secondaryClasses.Distinct())}");
        var primaries = mixed.Select(i => i.Scene.SceneClass).Distinct().ToList();
        Assert.True(primaries.Count >= 8, $"mixed primaries: {string.Join(", ", primaries)}");
    }

    [Fact]
    public void MixedScenesNameTheirSecondaryContent()
    {
        var mixed = Hard.Where(i => i.Scene.Secondary is not null).ToList();
        int named = mixed.Count(i => i.Captions.Any(c => CaptionClaims.Sides(c).Contains(i.Scene.Secondary!.Side)
            && SharedWords.In(c).Any(t => SharedWords.Shows(i.Scene.Secondary.Objects, i.Scene.Secondary.Background, t.Kinds))));
        Assert.True(named >= mixed.Count * 0.8, $"{named} of {mixed.Count} mixed scenes name what their secondary region shows");
    }

    [Fact]
    public void HardCaptionsShareMoreVocabularyBetweenClasses()
    {
        double standard = ClassVocabulary.MeanPairwiseCosine(Standard);
        double hard = ClassVocabulary.MeanPairwiseCosine(Hard);
        Assert.True(hard >= standard + 0.05, $"mean cosine between classes' captions: standard {standard:F3}, hard {hard:F3}");
        // The shared object words in particular appear across classes.
        foreach (var word in new[] { "buildings", "road", "cars", "trees", "water" })
        {
            int standardClasses = ClassesUsing(Standard, word), hardClasses = ClassesUsing(Hard, word);
            Assert.True(hardClasses > standardClasses, $"\"{word}\": in {standardClasses} classes' captions (standard), {hardClasses} (hard)");
        }
    }

    [Fact]
    public void SalientKindTableMatchesTheLayouts()
    {
        foreach (var sceneClass in SceneClasses.All)
        {
            var spec = SceneLayout.Create(sceneClass, new Random(1), clutterProbability: 0);
            Assert.Equal(spec.Salient.Kind, MixRules.SalientKind(sceneClass));
        }
    }

    private static int ClassesUsing(IEnumerable<SyntheticImage> images, string word) =>
        images.Where(i => i.Captions.Any(c => CaptionClaims.Words(c).Contains(word))).Select(i => i.Scene.SceneClass).Distinct().Count();
}
