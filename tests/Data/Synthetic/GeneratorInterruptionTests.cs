using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>A generation that stops half-way leaves no JSON (not even an earlier one) and no partial files.</summary>
public class GeneratorInterruptionTests
{
    [Fact]
    public void InterruptedRunLeavesNoJsonAndNoTemporaryFiles()
    {
        using var directory = new TempDirectory();
        var options = SmallDatasets.Options(train: 24, val: 0, test: 0);
        SyntheticDatasetGenerator.Generate(directory.Path, options);
        string json = Path.Combine(directory.Path, SyntheticDatasetGenerator.JsonFileName);
        Assert.True(File.Exists(json));

        options.Seed = 99;
        options.MaxDegreeOfParallelism = 1;
        Assert.ThrowsAny<Exception>(() => SyntheticDatasetGenerator.Generate(directory.Path, options, new FailingProgress(afterImages: 5)));

        Assert.False(File.Exists(json), "the earlier JSON would no longer match the partly rewritten images");
        Assert.Empty(Directory.EnumerateFiles(directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    /// <summary>Simulates an interruption: throws once the given number of images has been written.</summary>
    private sealed class FailingProgress(int afterImages) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value >= afterImages)
                throw new OperationCanceledException("interrupted");
        }
    }
}
