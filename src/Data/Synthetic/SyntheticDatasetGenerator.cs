using PriorClip.MLNet.IO;
using System.Diagnostics;
using SkiaSharp;

namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>
/// Generates a synthetic remote-sensing image–text retrieval set: top-down scenes of twelve
/// classes, five captions each, in RSICD's Karpathy JSON layout.
/// </summary>
/// <remarks>
/// <para>Output: <c>dataset_synthetic.json</c> in <c>outputDirectory</c> and PNG files in its
/// <c>images/</c> subfolder, named <c>{class}_{nnnn}.png</c>. The output depends only on the
/// options (not on timing or thread count): each image is laid out, captioned and degraded from
/// its own seed, derived from <see cref="SyntheticDatasetOptions.Seed"/> and its image id.</para>
/// <para>Every file is written to a temporary name and renamed; an existing JSON is deleted
/// first and the new one written last, so a folder with a JSON always holds a complete set.
/// Images left over from an earlier, larger run are not deleted (the JSON does not list them).</para>
/// </remarks>
public static class SyntheticDatasetGenerator
{
    /// <summary>File name of the Karpathy JSON.</summary>
    public const string JsonFileName = "dataset_synthetic.json";

    /// <summary>Name of the image folder next to the JSON.</summary>
    public const string ImagesFolderName = "images";

    /// <summary>Generates the data set into <paramref name="outputDirectory"/> (created if missing).</summary>
    /// <param name="outputDirectory">Folder for the JSON and the <c>images/</c> folder.</param>
    /// <param name="options">Settings; null uses the defaults.</param>
    /// <param name="progress">Receives the number of images written so far (from worker threads).</param>
    /// <returns>The summary, including each image's scene spec and captions.</returns>
    public static SyntheticDataset Generate(string outputDirectory, SyntheticDatasetOptions? options = null, IProgress<int>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        options ??= new SyntheticDatasetOptions();
        var stopwatch = Stopwatch.StartNew();
        string root = Path.GetFullPath(outputDirectory);
        string imagesDirectory = Path.Combine(root, ImagesFolderName);
        Directory.CreateDirectory(imagesDirectory);
        string jsonPath = Path.Combine(root, JsonFileName);
        // A JSON from an earlier run would describe images this run is about to overwrite:
        // remove it first, so an interrupted run leaves no JSON rather than a mismatched one.
        File.Delete(jsonPath);
        string coarsePath = Path.Combine(root, CoarseCaptions.JsonFileName);
        File.Delete(coarsePath);

        var plan = SplitPlan.Create(options);
        var images = new SyntheticImage[plan.Count];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) };
        Parallel.For(0, plan.Count, parallel, i =>
        {
            var entry = plan[i];
            int seed = ImageSeeds.ForImage(options.Seed, entry.ImageId);
            var (image, png) = Create(entry, seed, options);
            AtomicFile.WriteAllBytes(Path.Combine(imagesDirectory, entry.FileName), png, durable: false);
            images[i] = image;
            progress?.Report(Interlocked.Increment(ref done));
        });

        string name = KarpathyJsonWriter.DatasetNameFor(options.Difficulty);
        AtomicFile.WriteAllBytes(coarsePath, KarpathyJsonWriter.Serialize(CoarseCaptions.Apply(images), name));
        AtomicFile.WriteAllBytes(jsonPath, KarpathyJsonWriter.Serialize(images, name));
        return new SyntheticDataset(jsonPath, imagesDirectory, options.ImageSize, images, stopwatch.Elapsed);
    }

    /// <summary>Lays out, captions and renders one image from its own seed; the draw order (layout, captions, noise) is fixed.</summary>
    /// <remarks>The hard variant's steps run only when it is on, so a standard image consumes exactly the draws it always did.</remarks>
    internal static (SyntheticImage Image, byte[] Png) Create(SplitPlan.Entry entry, int seed, SyntheticDatasetOptions options)
    {
        var random = new Random(seed);
        bool hard = options.Difficulty == SyntheticDifficulty.Hard;
        var spec = hard ? SceneMixer.Create(entry.SceneClass, random, options.ClutterProbability)
            : SceneLayout.Create(entry.SceneClass, random, options.ClutterProbability);
        var captions = CaptionGrammar.Write(spec, random, options.GenericCaptionFraction);
        if (hard)
            captions = HardCaptions.Blend(captions, spec, random);
        using var clean = SceneRenderer.Render(spec, options.ImageSize);
        var noisy = PhotometricNoise.Apply(clean, random, options.NoiseLevel);
        try
        {
            using var data = noisy.Encode(SKEncodedImageFormat.Png, 100);
            return (new SyntheticImage(entry.ImageId, entry.FileName, entry.Split, seed, spec, captions), data.ToArray());
        }
        finally
        {
            if (!ReferenceEquals(noisy, clean))
                noisy.Dispose();
        }
    }
}
