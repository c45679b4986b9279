using System.Text.Json;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// <c>priorclip index build</c> on an encoded split, then <c>search</c> through the HNSW index: the same results as
/// <c>search --exact</c>, in this process and in a fresh one; a damaged index file is named.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class IndexVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-index-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    (string Model, string Encoded) Encoded()
    {
        var (dataset, model) = CliHarness.TrainSmallModel(_dir, trainImages: 24, testImages: 24, seed: 9);
        string encoded = Path.Combine(_dir, "encoded");
        var encode = CliHarness.Run("encode", "-m", model, "-d", dataset, "--split", "test", "-o", encoded);
        Assert.True(encode.ExitCode == 0, encode.ToString());
        return (model, encoded);
    }

    static List<(string Name, float Score)> Hits(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("score").GetSingle())).ToList();

    [Fact]
    public void SearchThroughTheIndexGivesTheExactResultsHereAndInAFreshProcess()
    {
        var (model, encoded) = Encoded();
        var build = CliHarness.Run("index", "build", "--index", encoded, "--storage", "i8");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Indexed 24 images", build.Out);
        Assert.Contains("Indexed 120 texts", build.Out);
        Assert.True(File.Exists(Path.Combine(encoded, "images.usearch")) && File.Exists(Path.Combine(encoded, "texts.usearch")));

        var captions = File.ReadAllLines(Path.Combine(encoded, "captions.txt"));
        foreach (int c in new[] { 0, 17, 58, 119 })
        {
            var indexed = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", captions[c], "--top", "5", "--json");
            var exact = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", captions[c], "--top", "5", "--json", "--exact");
            Assert.True(indexed.ExitCode == 0 && exact.ExitCode == 0, indexed + "\n" + exact);
            Assert.Equal(Hits(exact.Out), Hits(indexed.Out));
            Assert.Equal(5, Hits(indexed.Out).Count);
        }

        string image = Path.Combine(_dir, "data", "images", File.ReadAllLines(Path.Combine(encoded, "image_ids.txt"))[3] + ".png");
        var here = CliHarness.Run("search", "-m", model, "--index", encoded, "--image", image, "--top", "7", "--json");
        Assert.True(here.ExitCode == 0, here.ToString());
        Assert.Equal(Hits(CliHarness.Run("search", "-m", model, "--index", encoded, "--image", image, "--top", "7", "--json", "--exact").Out), Hits(here.Out));
        using var child = CliHarness.Start("search", "-m", model, "--index", encoded, "--image", image, "--top", "7", "--json");
        string childOut = child.StandardOutput.ReadToEnd();
        string childErr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, childErr);
        Assert.Equal(Hits(here.Out), Hits(childOut));
    }

    [Fact]
    public void ADamagedOrStaleIndexIsNamedWithWhatToDo()
    {
        var (model, encoded) = Encoded();
        Assert.Equal(0, CliHarness.Run("index", "build", "--index", encoded, "--side", "images").ExitCode);
        Assert.False(File.Exists(Path.Combine(encoded, "texts.usearch")));
        string indexFile = Path.Combine(encoded, "images.usearch");

        File.WriteAllBytes(indexFile, [7, 7, 7, 7, 7, 7, 7, 7, 7]);
        var damaged = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", "a plane", "--top", "3");
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains(indexFile, damaged.Error);
        Assert.Contains("not a readable USearch index", damaged.Error);
        Assert.DoesNotContain("   at ", damaged.Error);

        var noTexts = CliHarness.Run("index", "build", "--index", Path.Combine(_dir, "data"), "--side", "texts");
        Assert.Equal(1, noTexts.ExitCode);
        Assert.Contains("texts.npy", noTexts.Error);
    }

    [Fact]
    public void AFileOfCaptionsOrOfEmbeddingsIsSearchedQueryByQuery()
    {
        var (model, encoded) = Encoded();
        var captions = File.ReadAllLines(Path.Combine(encoded, "captions.txt"));
        string file = Path.Combine(_dir, "queries.txt");
        File.WriteAllLines(file, [captions[1], captions[40], captions[99]]);
        var batch = CliHarness.Run("search", "-m", model, "--index", encoded, "--queries", file, "--top", "5", "--json");
        Assert.True(batch.ExitCode == 0, batch.ToString());
        var blocks = JsonDocument.Parse(batch.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, blocks.Count);
        foreach (var (block, c) in blocks.Zip(new[] { 1, 40, 99 }))
        {
            Assert.Equal(captions[c], block.GetProperty("query").GetString());
            var one = Hits(CliHarness.Run("search", "-m", model, "--index", encoded, "-q", captions[c], "--top", "5", "--json").Out);
            var inBatch = Hits(block.GetProperty("results").GetRawText());
            // Encoded alone or with others, a caption's embedding may differ in the last float digits (other padding).
            Assert.Equal(one.Select(h => h.Name), inBatch.Select(h => h.Name));
            Assert.All(one.Zip(inBatch), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-5f));
        }

        // Embeddings made elsewhere: here the archive's own caption embeddings, against the exact reference.
        var byNpy = CliHarness.Run("search", "--index", encoded, "--query-embeddings", Path.Combine(encoded, "texts.npy"), "--side", "images", "--top", "3", "--json");
        Assert.True(byNpy.ExitCode == 0, byNpy.ToString());
        var texts = PriorClip.MLNet.Pipelines.Retrieval.NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "texts.npy"));
        var images = PriorClip.MLNet.Pipelines.Retrieval.NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "images.npy"));
        var ids = File.ReadAllLines(Path.Combine(encoded, "image_ids.txt"));
        var rows = JsonDocument.Parse(byNpy.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(120, rows.Count);
        for (int q = 0; q < rows.Count; q += 13)
        {
            Assert.Equal($"row {q}", rows[q].GetProperty("query").GetString());
            var expected = PriorClip.MLNet.Pipelines.Retrieval.EmbeddingSearch.TopK(texts.Row(q), images, 3).Select(h => (ids[h.Index], h.Score));
            Assert.Equal(expected, Hits(rows[q].GetProperty("results").GetRawText()));
        }

        File.WriteAllLines(file, [captions[0], "", captions[2]]);
        var blank = CliHarness.Run("search", "-m", model, "--index", encoded, "--queries", file);
        Assert.Equal(1, blank.ExitCode);
        Assert.Contains("line 2", blank.Error);
        Assert.Contains(file, blank.Error);
        Assert.Equal(2, CliHarness.Run("search", "--index", encoded, "-q", "a plane").ExitCode); // no --model to encode it
    }

    [Fact]
    public void ClassFilterKeepsOnlyThoseClassesInTheUnfilteredOrder()
    {
        var (model, encoded) = Encoded();
        var classes = File.ReadAllLines(Path.Combine(encoded, "image_classes.txt"));
        var ids = File.ReadAllLines(Path.Combine(encoded, "image_ids.txt"));
        Assert.Equal(24, classes.Length);
        string[] chosen = classes.Distinct().Take(2).ToArray();
        var classOfImage = ids.Zip(classes).ToDictionary(p => p.First, p => p.Second);
        string caption = File.ReadAllLines(Path.Combine(encoded, "captions.txt"))[5];

        var all = Hits(CliHarness.Run("search", "-m", model, "--index", encoded, "-q", caption, "--top", "24", "--json", "--exact").Out);
        var filtered = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", caption, "--top", "24", "--json", "--class", string.Join(',', chosen));
        Assert.True(filtered.ExitCode == 0, filtered.ToString());
        Assert.Equal(all.Where(h => chosen.Contains(classOfImage[h.Name])), Hits(filtered.Out));
        Assert.Equal(classes.Count(c => chosen.Contains(c)), Hits(filtered.Out).Count);

        // An image query: only the captions of images of the chosen class, again in the unfiltered order.
        string image = Path.Combine(_dir, "data", "images", ids[0] + ".png");
        var mapping = PriorClip.MLNet.Pipelines.Retrieval.CaptionImageMapping.FromNpy(Path.Combine(encoded, "caption_image.npy"));
        var captions = File.ReadAllLines(Path.Combine(encoded, "captions.txt"));
        var allCaptions = CliHarness.Run("search", "-m", model, "--index", encoded, "--image", image, "--top", "120", "--json", "--exact");
        var rows = JsonDocument.Parse(allCaptions.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("index").GetInt32()).ToList();
        var kept = CliHarness.Run("search", "-m", model, "--index", encoded, "--image", image, "--top", "10", "--json", "--class", chosen[0]);
        Assert.True(kept.ExitCode == 0, kept.ToString());
        var keptRows = JsonDocument.Parse(kept.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("index").GetInt32()).ToList();
        Assert.Equal(rows.Where(c => classes[mapping[c]] == chosen[0]).Take(10), keptRows);

        var unknown = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", caption, "--class", "volcano");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no image of class 'volcano'", unknown.Error);
        Assert.Contains(chosen[0], unknown.Error);
    }
}
