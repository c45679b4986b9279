namespace PriorClip.MLNet.Tests.Build;

/// <summary>Finds the repository checkout that the test assembly was built from.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PriorClip.MLNet.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No PriorClip.MLNet.sln above {AppContext.BaseDirectory}.");
    }
}
