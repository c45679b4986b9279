namespace PriorClip.MLNet.Data;

/// <summary>Derives a scene class from an image file name, as the PIR and PriorCLIP code do.</summary>
public static class SceneClassNames
{
    /// <summary>
    /// The scene class of an image file name (any folder part is ignored):
    /// <list type="bullet">
    /// <item>the part before the first <c>_</c>: <c>airport_12.jpg</c> → <c>airport</c>;</item>
    /// <item>a purely numeric name (RSICD has ~855, UCM and Sydney are all numeric) is its own singleton
    /// class, the stem: <c>00012.jpg</c> → <c>00012</c> (what the PIR reference does);</item>
    /// <item>any other name without <c>_</c>: the stem without trailing digits (and then without trailing
    /// <c>-</c>, <c>.</c> or spaces): <c>beach3.jpg</c> → <c>beach</c>, <c>river-07.png</c> → <c>river</c>.</item>
    /// </list>
    /// Case is kept. A name starting with <c>_</c> falls back to the whole stem.
    /// </summary>
    /// <param name="fileName">The image file name or path.</param>
    /// <returns>The scene class (never empty for a non-empty name).</returns>
    public static string FromFileName(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName.Replace('\\', '/').Split('/')[^1]);
        var underscore = stem.IndexOf('_');
        if (underscore > 0)
        {
            return stem[..underscore];
        }

        if (underscore == 0 || stem.All(char.IsAsciiDigit))
        {
            return stem;
        }

        var withoutNumber = stem.TrimEnd("0123456789".ToCharArray()).TrimEnd('-', '.', ' ');
        return withoutNumber.Length > 0 ? withoutNumber : stem;
    }
}
