namespace PriorClip.MLNet.Data;

/// <summary>
/// Finds image files for one dataset file: under the explicit image folder, or else under the
/// dataset file's folder and then its <c>images/</c> subfolder (probed per image, so a data set
/// whose images sit in either place loads without options).
/// </summary>
internal sealed class ImagePathResolver
{
    private readonly string[] roots;

    public ImagePathResolver(string datasetFile, string? imageFolder)
    {
        if (imageFolder is not null)
        {
            var folder = Path.GetFullPath(imageFolder);
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException(
                    $"Image folder '{folder}' (DatasetReadOptions.ImageFolder) does not exist; it was given for '{datasetFile}'.");
            }

            roots = [folder];
        }
        else
        {
            var datasetFolder = Path.GetDirectoryName(Path.GetFullPath(datasetFile))!;
            roots = [datasetFolder, Path.Combine(datasetFolder, "images")];
        }
    }

    /// <summary>Returns true and the existing file's absolute path; false and the first candidate otherwise.</summary>
    public bool TryResolve(string fileName, out string path)
    {
        if (Path.IsPathRooted(fileName))
        {
            path = Path.GetFullPath(fileName);
            return File.Exists(path);
        }

        foreach (var root in roots)
        {
            var candidate = Path.GetFullPath(Path.Combine(root, fileName));
            if (File.Exists(candidate))
            {
                path = candidate;
                return true;
            }
        }

        path = Path.GetFullPath(Path.Combine(roots[0], fileName));
        return false;
    }

    /// <summary>The folders searched for a name, for the missing-image message.</summary>
    public string DescribeSearch(string fileName) => Path.IsPathRooted(fileName)
        ? "the path is absolute"
        : "searched " + string.Join(", ", roots.Select(root => $"'{root}'"))
          + (roots.Length > 1 ? "; set DatasetReadOptions.ImageFolder if the images are elsewhere" : "");
}
