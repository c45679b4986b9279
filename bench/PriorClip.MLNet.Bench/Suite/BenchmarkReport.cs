using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// docs/benchmarks.md and docs/benchmarks.json from one suite run: tables of medians (min–max) with the reference
/// points of the same run — the GEMM-derived compute ceiling, raw TorchSharp, the PyTorch twin, the dense GEMM and
/// the memory-bandwidth floor — and each issue target with whether it was met and by how much.
/// </summary>
internal sealed class BenchmarkReport(IReadOnlyList<SuiteCaseResult> results, string machine, DateTime when)
{
    readonly Dictionary<string, SuiteCaseResult> _byName = results.ToDictionary(r => r.Case);
    readonly List<(string Target, string Measured, bool? Met)> _targets = new();

    SuiteCaseResult Case(string name) => _byName[name];
    double? Median(string name, string key) => _byName.TryGetValue(name, out var r) ? r.Find(key)?.Stats.Median : null;
    double Fact(string name, string key) => Case(name).Facts[key];

    // The better of the two measurements (start and end of the run): a lower one was slowed by something else.
    double GemmFlopsPerSecond => Limit("gemm_gflops") * 1e9;
    double BytesPerSecond => Limit("memory_gbps") * 1e9;
    double Limit(string key) => BestMachine(key).Stats.Median;
    SuiteMeasure BestMachine(string key) =>
        new[] { "machine", "machine-after" }.Select(c => _byName.TryGetValue(c, out var m) ? m.Find(key) : null)
            .OfType<SuiteMeasure>().MaxBy(m => m.Stats.Median)!;

    public string Json() => JsonSerializer.Serialize(new { machine, utc = when, cases = results }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public string Markdown()
    {
        var md = new StringBuilder();
        string commits = string.Join(", ", results.Select(r => r.Commit).Distinct());
        md.Append("# Benchmarks\n\n")
          .Append("Made by `dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- suite` (bench/README.md) at commit ")
          .Append(commits).Append(", ").Append(when.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC, on ")
          .Append(machine).Append(". Every case ran in its own process, in one run; times are medians of repeated runs after ")
          .Append("warm-up, with min–max. These machines are shared and noisy: compare the ratios of one run, not absolute times across runs. ")
          .Append("Peak memory is the case process's peak working set (the .NET runtime, LibTorch and the case's own data included).\n\n");
        Machine(md);
        Training(md);
        Encoding(md);
        Evaluation(md);
        Search(md);
        Twin(md);
        md.Append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        foreach (var (target, measured, met) in _targets)
            md.Append($"| {target} | {measured} | {(met is null ? "not measured" : met.Value ? "yes" : "**no**")} |\n");
        md.Append('\n');
        return md.ToString();
    }

    void Machine(StringBuilder md)
    {
        md.Append("## The machine's limits (measured in this run, at its start and at its end)\n\n| measure | start: median (min–max) | end: median (min–max) | used below |\n|---|---|---|---:|\n");
        foreach (var measure in Case("machine").Measures)
        {
            var after = _byName.TryGetValue("machine-after", out var a) ? a.Find(measure.Key) : null;
            md.Append($"| {measure.Label} | {Stats(measure.Stats, measure.Unit)} | {(after is null ? "—" : Stats(after.Stats, after.Unit))} | {N(Limit(measure.Key))} {measure.Unit} |\n");
        }
        md.Append("\nThe better of the two is used: a lower one was slowed by something else on the machine. ")
          .Append("The compute-bound ceiling of a model = its forward FLOPs (docs/model-configs.md's counter; a training step counted as ")
          .Append("3 × forward) ÷ the GEMM rate. The floor of a brute-force scan = the stored matrix's bytes ÷ the read rate.\n\n");
    }

    void Training(StringBuilder md)
    {
        md.Append("## Training step\n\n| case | ms per step | compute-bound ceiling (ms) | share of the ceiling | peak memory |\n|---|---|---:|---:|---:|\n");
        foreach (var name in new[] { "train-tiny-mlnet", "train-tiny-raw", "train-pir-closed-raw", "train-priorclip-vit-b32-raw", "train-clip-vit-b32-raw" })
        {
            if (!_byName.TryGetValue(name, out var r) || r.Find("step_ms") is not { } step) continue;
            double ceiling = 3 * (r.Facts["images_per_step"] * r.Facts["image_flops"] + r.Facts["rows_per_step"] * r.Facts["text_flops"]) / GemmFlopsPerSecond * 1000;
            md.Append($"| {step.Label} | {Stats(step.Stats, "")} | {ceiling:F0} | {Percent(ceiling / step.Stats.Median)} | {Mb(r.PeakWorkingSetMegabytes)} |\n");
        }
        var trainer = Median("train-tiny-mlnet", "step_ms");
        var raw = Median("train-tiny-raw", "step_ms");
        if (trainer is { } t && raw is { } w)
        {
            var phases = Case("train-tiny-mlnet").Facts.Where(f => f.Key.StartsWith("phase_ms_", StringComparison.Ordinal))
                .Select(f => $"{f.Key["phase_ms_".Length..]} {f.Value:F1}");
            md.Append($"\nThe trainer's step, mean ms per phase over the epoch: {string.Join(", ", phases)}.\n");
            _targets.Add(("tiny: training step in the ML.NET trainer ≤ 1.10 × raw TorchSharp", $"{t:F0} / {w:F0} ms = {t / w:F2} ×", t / w <= 1.10));
        }
        md.Append('\n');
    }

    void Encoding(StringBuilder md)
    {
        md.Append("## Encoding\n\n| model | path | rate | compute-bound ceiling | share of the ceiling | peak memory |\n|---|---|---|---:|---:|---:|\n");
        foreach (var (name, model) in new[] { ("encode-tiny", "tiny"), ("encode-clip-vit-b32", "CLIP ViT-B/32") })
        {
            if (!_byName.TryGetValue(name, out var r)) continue;
            foreach (var m in r.Measures)
            {
                double? flops = m.Key.Contains("images") && m.Key != "decode_images_per_s" ? r.Facts["image_flops"] : m.Key.Contains("captions") ? r.Facts["text_flops"] : null;
                string ceiling = flops is { } f ? $"{GemmFlopsPerSecond / f:F0} {m.Unit}" : "—";
                string share = flops is { } g ? Percent(m.Stats.Median * g / GemmFlopsPerSecond) : "—";
                md.Append($"| {model} | {m.Label} | {Stats(m.Stats, m.Unit)} | {ceiling} | {share} | {Mb(r.PeakWorkingSetMegabytes)} |\n");
            }
        }
        if (_byName.TryGetValue("encode-clip-vit-b32", out var vit) && vit.Find("pipeline_images_per_s") is { } p)
        {
            double share = p.Stats.Median * vit.Facts["image_flops"] / GemmFlopsPerSecond;
            _targets.Add(("ViT-B/32 image encoding through the whole ML.NET pipeline ≥ 70 % of the GEMM-derived ceiling", Percent(share), share >= 0.70));
        }
        md.Append("\nThe peak memory column is the whole case process's (both paths and the model). Source images: 224 × 224 JPEGs written by the case.\n");
        // The exported encoders against TorchSharp, measured in the same process one after the other.
        foreach (var (name, model) in new[] { ("encode-tiny", "tiny"), ("encode-clip-vit-b32", "CLIP ViT-B/32") })
        {
            if (!_byName.TryGetValue(name, out var r) || r.Find("onnx_tensor_images_per_s") is not { } oi) continue;
            string Ratio(string onnx, string torch) => r.Find(onnx) is { } o && r.Find(torch) is { } t ? $"{o.Stats.Median / t.Stats.Median:F2} ×" : "—";
            md.Append($"\n{model}, ONNX Runtime (exported encoders, CPU) ÷ TorchSharp: images on premade batches {Ratio("onnx_tensor_images_per_s", "tensor_images_per_s")}, " +
                      $"captions {Ratio("onnx_tensor_captions_per_s", "tensor_captions_per_s")}, JPEG files through ML.NET (ApplyOnnxModel row by row ÷ PriorClipEncode in batches) " +
                      $"{Ratio("onnx_pipeline_images_per_s", "pipeline_images_per_s")}.");
        }
        if (_byName.TryGetValue("encode-memory-1k", out var m1) && _byName.TryGetValue("encode-memory-10k", out var m10))
            md.Append($"\n\nEncoding memory: {m1.Facts["images"]:N0} JPEGs through tiny's ML.NET pipeline peaked at {Mb(m1.PeakWorkingSetMegabytes)}, " +
                      $"{m10.Facts["images"]:N0} at {Mb(m10.PeakWorkingSetMegabytes)} ({m10.PeakWorkingSetMegabytes / m1.PeakWorkingSetMegabytes:F2} × for 10 × the images; " +
                      $"the kept embeddings are {Mb(m10.Facts["embeddings_mb"])} of it): images stream through in batches, only the embeddings stay.");
        md.Append("\n\n");
    }

    void Evaluation(StringBuilder md)
    {
        md.Append("## Evaluation (protocol-exact R@1/5/10 both ways, d = 512)\n\n")
          .Append("| size | Evaluate (ms) | dense score GEMM alone (ms) | Evaluate ÷ GEMM | textbook evaluator (ms) | input | dense score matrix | evaluator's peak memory |\n|---|---|---|---:|---|---:|---:|---:|\n");
        foreach (var name in new[] { "eval-rsicd", "eval-rsicd-10x" })
        {
            if (!_byName.TryGetValue(name, out var r)) continue;
            var e = r.Find("evaluate_ms")!; var g = r.Find("gemm_ms")!;
            string naive = r.Find("naive_ms") is { } n ? Stats(n.Stats, "") : "not run: it would hold ≥ " + Mb(5 * r.Facts["dense_matrix_mb"]) + " at once (the score matrix and two int64 index matrices of its shape)";
            double ratio = e.Stats.Median / g.Stats.Median;
            md.Append($"| {r.Facts["images"]:N0} × {r.Facts["captions"]:N0} | {Stats(e.Stats, "")} | {Stats(g.Stats, "")} | {ratio:F2} | {naive} | {Mb(r.Facts["input_mb"])} | {Mb(r.Facts["dense_matrix_mb"])} | {Mb(r.Facts["evaluator_peak_mb"])} |\n");
            if (name == "eval-rsicd") _targets.Add(("RSICD-size evaluation ≤ 3 × its dense score GEMM", $"{ratio:F2} ×", ratio <= 3));
        }
        if (_byName.TryGetValue("eval-rsicd", out var small) && small.Facts.TryGetValue("naive_i2t_r1", out double nr))
        {
            md.Append($"\nThe textbook evaluator and `Evaluate` agree: image → text R@1 {nr:F2} % and {small.Facts["evaluator_i2t_r1"]:F2} %");
            if (small.Facts.TryGetValue("naive_t2i_r1", out double nt))
                md.Append($", text → image R@1 {nt:F2} % and {small.Facts["evaluator_t2i_r1"]:F2} %");
            md.Append('.');
        }
        if (_byName.TryGetValue("eval-rsicd", out var a) && _byName.TryGetValue("eval-rsicd-10x", out var b))
        {
            double grow = b.Facts["evaluator_peak_mb"] / a.Facts["evaluator_peak_mb"];
            md.Append($" From RSICD size to 10 × (100 × the pairs) the evaluator's peak memory grows {grow:F1} × while the input grows 10 ×: memory follows the input, not images × captions.");
        }
        md.Append("\n\n");
    }

    void Search(StringBuilder md)
    {
        md.Append("## Search (top 10, 512-d)\n\n| stored | one query (ms) | batch of queries (ms/query) | memory-bandwidth floor (ms) | one query ÷ floor | naive scan (ms) | HNSW + re-rank (ms), recall@10 | peak memory (brute force) |\n|---|---|---|---:|---:|---|---|---:|\n");
        foreach (var name in new[] { "search-100k", "search-1m" })
        {
            if (!_byName.TryGetValue(name, out var r)) continue;
            var one = r.Find("single_ms")!; var batch = r.Find("batch_ms")!; var naive = r.Find("naive_ms")!;
            double floor = r.Facts["stored_mb"] * 1024 * 1024 / BytesPerSecond * 1000;
            string hnsw = r.Find("hnsw_ms") is { } h ? $"{Stats(h.Stats, "")}, {r.Facts["hnsw_recall_at_10"]:F3} (build {r.Facts["index_build_s"]:F0} s)" : "not run (a 1 M build takes ≈ 10 min on one thread here)";
            double ratio = one.Stats.Median / floor;
            md.Append($"| {r.Facts["rows"]:N0} ({Mb(r.Facts["stored_mb"])}) | {Stats(one.Stats, "")} | {Stats(batch.Stats, "")} | {floor:F1} | {ratio:F2} | {Stats(naive.Stats, "")} | {hnsw} | {Mb(r.Facts["brute_peak_mb"])} |\n");
            if (name == "search-1m") _targets.Add(("brute-force search over 1 M embeddings within 2 × the memory-bandwidth floor", $"{ratio:F2} ×", ratio <= 2));
        }
        md.Append("\nData: embedding-like vectors (50 clusters); the naive scan's top 10 agreed with `EmbeddingSearch.TopK`'s on ")
          .Append(string.Join(" and ", results.Where(r => r.Facts.ContainsKey("naive_agreement")).Select(r => $"{r.Facts["naive_agreement"]:P0} ({r.Case})"))).Append(".\n\n");
    }

    void Twin(StringBuilder md)
    {
        md.Append("## PyTorch twins (bench/pytorch/)\n\n")
          .Append("Each twin is PyTorch code computing the same function as the library's model: the suite first has PyTorch write random ")
          .Append("weights with `torch.save` and its outputs for fixed inputs, loads the weights into the C# model and requires the same outputs ")
          .Append("(within 1e-4), then times PyTorch at the same threads and shapes. Ratios are TorchSharp's time ÷ PyTorch's (below 1: ours is faster).\n\n");
        TwinTable("tiny, as the demo's trainer builds it (bench/pytorch/tiny_twin.py)", "pytorch-twin-tiny",
        [
            ("training step, raw TorchSharp", "train-tiny-raw", "step_ms", "pytorch_step_ms", true, null),
            ("training step through the ML.NET trainer", "train-tiny-mlnet", "step_ms", "pytorch_step_ms", true,
                "training step in the ML.NET trainer ≤ 1.0 × the PyTorch twin (tiny)"),
            ($"image encoding, premade batch of {TinyTwinCase.EncodeBatch}", "encode-tiny", "tensor_images_per_s", "pytorch_images_per_s", false, null),
            ($"caption encoding, premade batch of {TinyTwinCase.EncodeBatch}", "encode-tiny", "tensor_captions_per_s", "pytorch_captions_per_s", false, null),
        ], md);
        TwinTable("CLIP ViT-B/32 (bench/pytorch/clip_twin.py; the weights go through the library's checkpoint importer)", "pytorch-twin-clip",
        [
            ($"training step, batch {PyTorchTwinCase.TrainBatch}, raw TorchSharp", "train-clip-vit-b32-raw", "step_ms", "pytorch_step_ms", true, null),
            ($"image encoding, premade batch of {PyTorchTwinCase.ImageBatch}", "encode-clip-vit-b32", "tensor_images_per_s", "pytorch_images_per_s", false, null),
            ($"caption encoding, premade batch of {PyTorchTwinCase.TextBatch}", "encode-clip-vit-b32", "tensor_captions_per_s", "pytorch_captions_per_s", false, null),
            ("float32 GEMM 2048³ (LibTorch's MKL against PyTorch's OpenBLAS: how fair the peer's BLAS is)", "machine", "gemm_gflops", "pytorch_gemm_gflops", false, null),
        ], md);
    }

    void TwinTable(string title, string twinCase, (string Label, string OurCase, string OurKey, string TheirKey, bool TimeMeasure, string? Target)[] rows, StringBuilder md)
    {
        md.Append("### ").Append(title).Append("\n\n");
        if (!_byName.TryGetValue(twinCase, out var twin) || twin.Find(rows[0].TheirKey) is null)
        {
            string why = twin?.Notes.FirstOrDefault() ?? "the case did not run";
            md.Append($"Not run in this suite run: {why}. The TorchSharp rows above stand alone.\n\n");
            foreach (var row in rows.Where(r => r.Target is not null)) _targets.Add((row.Target!, "—", null));
            return;
        }
        var f = twin.Facts;
        md.Append($"Equivalence: max |TorchSharp − PyTorch| {f["twin_image_max_abs_diff"]:E1} (image embeddings), {f["twin_text_max_abs_diff"]:E1} (text embeddings)")
          .Append(f.TryGetValue("twin_loss_max_rel_diff", out double loss) ? $", loss parts {loss:E1} relative" : "")
          .Append($". {string.Join(" ", twin.Notes)}\n\n");
        md.Append("| operation | TorchSharp (this library) | PyTorch | TorchSharp ÷ PyTorch time |\n|---|---|---|---:|\n");
        foreach (var (label, ourCase, ourKey, theirKey, timeMeasure, target) in rows)
        {
            // The machine's GEMM: the better of the suite's two measurements, as everywhere else in the report.
            var ours = ourCase == "machine" ? BestMachine(ourKey) : _byName.TryGetValue(ourCase, out var r) ? r.Find(ourKey) : null;
            var theirs = twin.Find(theirKey);
            if (ours is null || theirs is null) continue;
            double ratio = timeMeasure ? ours.Stats.Median / theirs.Stats.Median : theirs.Stats.Median / ours.Stats.Median;
            md.Append($"| {label} | {Stats(ours.Stats, ours.Unit)} | {Stats(theirs.Stats, theirs.Unit)} | {ratio:F2} |\n");
            if (target is not null) _targets.Add((target, $"{ratio:F2} ×", ratio <= 1.0));
        }
        md.Append('\n');
    }

    static string Stats(SampleStats s, string unit) =>
        $"{N(s.Median)}{(unit.Length > 0 ? " " + unit : "")} ({N(s.Min)}–{N(s.Max)})";

    static string N(double v) => v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v >= 10 ? v.ToString("F1", CultureInfo.InvariantCulture) : v.ToString("F2", CultureInfo.InvariantCulture);
    static string Percent(double share) => (share * 100).ToString("F0", CultureInfo.InvariantCulture) + " %";
    static string Mb(double megabytes) => megabytes >= 1024 ? $"{megabytes / 1024:F2} GB" : $"{megabytes:F0} MB";
}
