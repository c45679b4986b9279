namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>One generated image: where it is, which split, what it shows and how it is described.</summary>
/// <param name="ImageId">Karpathy <c>imgid</c>: position in the JSON, 0-based.</param>
/// <param name="FileName">File name inside the <c>images/</c> folder; its prefix before the first <c>_</c> is the class.</param>
/// <param name="Split">"train", "val" or "test" (see <see cref="DatasetSplit"/>).</param>
/// <param name="Seed">Per-image seed derived from the master seed.</param>
/// <param name="Scene">The scene that was rendered.</param>
/// <param name="Captions">The five raw captions, in JSON order (sentence ids 5·ImageId … 5·ImageId+4).</param>
public sealed record SyntheticImage(int ImageId, string FileName, string Split, int Seed, SceneSpec Scene, IReadOnlyList<string> Captions);
