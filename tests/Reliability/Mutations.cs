namespace PriorClip.MLNet.Tests.Reliability;

/// <summary>Seeded damage to a valid file: flipped bytes, truncation, inserted garbage, a zeroed run, a repeated chunk.</summary>
internal static class Mutations
{
    public static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        switch (random.Next(5))
        {
            case 0: // a few flipped bytes
                for (int i = 0, n = 1 + random.Next(8); i < n && bytes.Count > 0; i++) bytes[random.Next(bytes.Count)] ^= (byte)(1 + random.Next(255));
                break;
            case 1: // truncated anywhere, to nothing included
                bytes.RemoveRange(random.Next(bytes.Count + 1) is var cut && cut < bytes.Count ? cut : bytes.Count, cut < bytes.Count ? bytes.Count - cut : 0);
                break;
            case 2: // random bytes inserted
                bytes.InsertRange(random.Next(bytes.Count + 1), Enumerable.Range(0, 1 + random.Next(32)).Select(_ => (byte)random.Next(256)));
                break;
            case 3: // a run zeroed
                if (bytes.Count > 0)
                {
                    int start = random.Next(bytes.Count), length = Math.Min(bytes.Count - start, 1 + random.Next(64));
                    for (int i = start; i < start + length; i++) bytes[i] = 0;
                }
                break;
            default: // a chunk repeated
                if (bytes.Count > 1)
                {
                    int start = random.Next(bytes.Count - 1), length = Math.Min(bytes.Count - start, 1 + random.Next(128));
                    bytes.InsertRange(start, bytes.GetRange(start, length));
                }
                break;
        }
        return bytes.ToArray();
    }
}
