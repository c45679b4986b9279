namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Derives an independent seed per image from the master seed, so images can be rendered in any order or in parallel and still come out identical.</summary>
internal static class ImageSeeds
{
    /// <summary>SplitMix64 of (master seed, image id), folded to a non-negative <see cref="int"/>.</summary>
    public static int ForImage(int masterSeed, int imageId)
    {
        ulong z = unchecked(((ulong)(uint)masterSeed << 32 | (uint)imageId) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
