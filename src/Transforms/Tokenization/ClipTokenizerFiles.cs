namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>Finds CLIP's tokenizer files in a folder, as checkpoints ship them.</summary>
public static class ClipTokenizerFiles
{
    /// <summary>OpenAI's (and open_clip's) merge list.</summary>
    public const string OpenAiFile = "bpe_simple_vocab_16e6.txt.gz";

    /// <summary>
    /// Reads <c>vocab.json</c> + <c>merges.txt</c> (Hugging Face) when both are in <paramref name="folder"/>, else
    /// <see cref="OpenAiFile"/>; throws naming the folder and the files looked for when neither is there.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The vocabulary and the file(s) it came from.</returns>
    public static (ClipBpeVocabulary Vocabulary, string Source) Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"tokenizer folder '{folder}' does not exist");
        string vocab = Path.Combine(folder, "vocab.json"), merges = Path.Combine(folder, "merges.txt");
        if (File.Exists(vocab) && File.Exists(merges))
            return (ClipBpeVocabulary.FromHuggingFaceFiles(vocab, merges), $"{vocab} + merges.txt");
        string gz = Path.Combine(folder, OpenAiFile);
        if (File.Exists(gz)) return (ClipBpeVocabulary.FromOpenAiGz(gz), gz);
        throw new FileNotFoundException(
            $"no CLIP tokenizer in '{folder}': it needs vocab.json + merges.txt (Hugging Face) or {OpenAiFile} (OpenAI / open_clip; " +
            "open_clip ships it inside its package as open_clip/bpe_simple_vocab_16e6.txt.gz)");
    }
}
