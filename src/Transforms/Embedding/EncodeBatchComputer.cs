using PriorClip.MLNet.Modeling.Inference;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>
/// Encodes an <see cref="EncodeBatch"/>. Rows of a caption dataset repeat each image once per
/// caption, so identical images in a batch are encoded once and their embedding shared.
/// </summary>
internal sealed class EncodeBatchComputer(PriorClipBatchEncoder encoder)
{
    public int Dimension => encoder.Dimension;

    /// <summary>[rows × D] image embeddings of the batch's rows.</summary>
    public float[] Images(EncodeBatch batch)
    {
        int rows = batch.Pixels.Count;
        var unique = new List<int>();
        var slotOfRow = new int[rows];
        var seen = new Dictionary<int, List<int>>();
        for (int r = 0; r < rows; r++)
        {
            int hash = Hash(batch.Pixels[r]);
            if (!seen.TryGetValue(hash, out var candidates)) seen[hash] = candidates = new List<int>();
            int match = candidates.FindIndex(slot => SameImage(batch, unique[slot], r));
            if (match < 0)
            {
                candidates.Add(unique.Count);
                slotOfRow[r] = unique.Count;
                unique.Add(r);
            }
            else
            {
                slotOfRow[r] = candidates[match];
            }
        }
        bool hasPrior = batch.Instructions.Count > 0;
        var encoded = encoder.EncodeImages(unique.Count, (i, destination) => batch.Pixels[unique[i]].CopyTo(destination),
            hasPrior ? (i, destination) => batch.Instructions[unique[i]].CopyTo(destination) : null);
        int d = Dimension;
        var result = new float[rows * d];
        for (int r = 0; r < rows; r++) encoded.AsSpan(slotOfRow[r] * d, d).CopyTo(result.AsSpan(r * d, d));
        return result;
    }

    /// <summary>[rows × D] text embeddings of the batch's rows.</summary>
    public float[] Texts(EncodeBatch batch, int tokenLength) =>
        encoder.EncodeTexts(batch.Tokens.Count, tokenLength, (i, ids, mask) =>
        {
            var source = batch.Tokens[i];
            for (int k = 0; k < tokenLength; k++) ids[k] = source[k];
            batch.Masks[i].CopyTo(mask);
        });

    static int Hash(float[] values)
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return hash.ToHashCode();
    }

    static bool SameImage(EncodeBatch batch, int a, int b) =>
        batch.Pixels[a].AsSpan().SequenceEqual(batch.Pixels[b])
        && (batch.Instructions.Count == 0 || batch.Instructions[a].AsSpan().SequenceEqual(batch.Instructions[b]));
}
