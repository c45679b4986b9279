namespace PriorClip.MLNet.Tests.Modeling;

/// <summary>Independent double-precision reference implementations of the losses (plain loops, docs/method.md §5).</summary>
internal static class LossReference
{
    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>-Σ_j target_j log softmax(logits)_j.</summary>
    public static double SoftCrossEntropy(double[] logits, double[] target)
    {
        double max = logits.Max();
        double z = 0;
        foreach (var l in logits) z += Math.Exp(l - max);
        double logZ = max + Math.Log(z);
        double loss = 0;
        for (int j = 0; j < logits.Length; j++) loss -= target[j] * (logits[j] - logZ);
        return loss;
    }

    /// <summary>½ (mean_i CE(i→t) + mean_j CE(t→i)) with positives = same id (or the diagonal).</summary>
    public static double InfoNce(double[][] v, double[][] t, double scale, long[]? ids)
    {
        int n = v.Length;
        bool Pos(int i, int j) => ids is null ? i == j : ids[i] == ids[j];
        double i2t = 0, t2i = 0;
        for (int i = 0; i < n; i++)
        {
            var logits = new double[n];
            var target = new double[n];
            int count = 0;
            for (int j = 0; j < n; j++) { logits[j] = scale * Dot(v[i], t[j]); if (Pos(i, j)) count++; }
            for (int j = 0; j < n; j++) target[j] = Pos(i, j) ? 1.0 / count : 0;
            i2t += SoftCrossEntropy(logits, target);
        }
        for (int j = 0; j < n; j++)
        {
            var logits = new double[n];
            var target = new double[n];
            int count = 0;
            for (int i = 0; i < n; i++) { logits[i] = scale * Dot(v[i], t[j]); if (Pos(i, j)) count++; }
            for (int i = 0; i < n; i++) target[i] = Pos(i, j) ? 1.0 / count : 0;
            t2i += SoftCrossEntropy(logits, target);
        }
        return 0.5 * (i2t / n + t2i / n);
    }

    /// <summary>Symmetric attribution loss with in-batch class centres.</summary>
    public static double Attribution(double[][] v, double[][] t, long[] classes, double scale)
    {
        int n = v.Length, d = v[0].Length;
        var distinct = classes.Distinct().ToArray();
        int k = distinct.Length;
        var imageCentres = new double[k][];
        var textCentres = new double[k][];
        for (int c = 0; c < k; c++)
        {
            imageCentres[c] = new double[d];
            textCentres[c] = new double[d];
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                if (classes[i] != distinct[c]) continue;
                count++;
                for (int x = 0; x < d; x++) { imageCentres[c][x] += v[i][x]; textCentres[c][x] += t[i][x]; }
            }
            for (int x = 0; x < d; x++) { imageCentres[c][x] /= count; textCentres[c][x] /= count; }
        }
        double imageSide = 0, textSide = 0;
        for (int i = 0; i < n; i++)
        {
            var target = new double[k];
            target[Array.IndexOf(distinct, classes[i])] = 1;
            var li = new double[k];
            var lt = new double[k];
            for (int c = 0; c < k; c++) { li[c] = scale * Dot(v[i], textCentres[c]); lt[c] = scale * Dot(t[i], imageCentres[c]); }
            imageSide += SoftCrossEntropy(li, target);
            textSide += SoftCrossEntropy(lt, target);
        }
        return 0.5 * (imageSide / n + textSide / n);
    }

    /// <summary>Hardest-negative hinge, mean over pairs.</summary>
    public static double Triplet(double[][] v, double[][] t, double margin, long[] ids)
    {
        int n = v.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double pos = Dot(v[i], t[i]);
            double worstCaption = 0, worstImage = 0;
            for (int j = 0; j < n; j++)
            {
                if (ids[i] == ids[j]) continue;
                worstCaption = Math.Max(worstCaption, Math.Max(0, margin + Dot(v[i], t[j]) - pos));
                worstImage = Math.Max(worstImage, Math.Max(0, margin + Dot(v[j], t[i]) - pos));
            }
            total += worstCaption + worstImage;
        }
        return total / n;
    }

    /// <summary>Random unit vectors from a seeded System.Random.</summary>
    public static double[][] UnitVectors(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var result = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var x = new double[d];
            for (int j = 0; j < d; j++) x[j] = rng.NextDouble() * 2 - 1;
            double norm = Math.Sqrt(Dot(x, x));
            for (int j = 0; j < d; j++) x[j] /= norm;
            result[i] = x;
        }
        return result;
    }
}
