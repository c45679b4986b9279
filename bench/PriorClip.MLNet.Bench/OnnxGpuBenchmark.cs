using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PriorClip.MLNet.Bench.Suite;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Inference;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// <c>onnx-gpu</c>: the exported encoders of tiny and CLIP ViT-B/32 (seeded random weights; speed and agreement do not
/// depend on training) on ONNX Runtime's CPU and CUDA execution providers: images/s, captions/s, and the largest
/// difference of the CUDA embeddings from the CPU ones. Needs the GPU build (bench/gpu/onnx-gpu.sh).
/// </summary>
internal static class OnnxGpuBenchmark
{
    public static int Run(string outputPath, int deviceId)
    {
        var rows = new List<string>();
        foreach (var (label, config, imageBatch, textBatch) in new[] { ("tiny", PriorClip.MLNet.Modeling.Configs.PriorClipModelConfig.Load("tiny"), 256, 256), ("CLIP ViT-B/32", PlainClip.VitB32(), 64, 64) })
        {
            using var model = PriorClipModelFactory.Create(config, seed: 0);
            var image = PriorClipOnnxExporter.ExportImageEncoder(model, PixelNormalization.Clip);
            var text = PriorClipOnnxExporter.ExportTextEncoder(model, PixelNormalization.Clip);
            int s = model.ImageSize, l = model.ContextLength;
            var random = new Random(1);
            var pixels = Enumerable.Range(0, imageBatch * 3 * s * s).Select(_ => (float)random.Next(256)).ToArray();
            var ids = Enumerable.Range(0, textBatch * l).Select(i => i % l == l - 1 ? model.VocabSize - 1 : 2 + random.Next(model.VocabSize - 3)).ToArray();
            var mask = Enumerable.Repeat(1f, textBatch * l).ToArray();
            NamedOnnxValue[] imageInputs = [NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.PixelsInput, new DenseTensor<float>(pixels, [imageBatch, 3, s, s]))];
            NamedOnnxValue[] textInputs =
            [
                NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.TokensInput, new DenseTensor<int>(ids, [textBatch, l])),
                NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.TokenMaskInput, new DenseTensor<float>(mask, [textBatch, l])),
            ];
            var results = new Dictionary<string, (double ImagesPerS, double CaptionsPerS, float[] Image, float[] Text)>();
            foreach (var provider in new[] { "CPU", "CUDA" })
            {
                using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
                if (provider == "CUDA") options.AppendExecutionProvider_CUDA(deviceId);
                using var imageSession = new InferenceSession(image, options);
                using var textSession = new InferenceSession(text, options);
                float[] Embed(InferenceSession session, NamedOnnxValue[] inputs)
                {
                    using var output = session.Run(inputs);
                    return output.Single().AsTensor<float>().ToArray();
                }
                int repeats = provider == "CUDA" ? 20 : 3;
                var imageMs = Stopwatches.Milliseconds(() => _ = Embed(imageSession, imageInputs), warmups: 2, repeats: repeats);
                var textMs = Stopwatches.Milliseconds(() => _ = Embed(textSession, textInputs), warmups: 2, repeats: repeats);
                results[provider] = (imageBatch * 1000 / imageMs.Median, textBatch * 1000 / textMs.Median, Embed(imageSession, imageInputs), Embed(textSession, textInputs));
                Console.Error.WriteLine($"{label} {provider}: {results[provider].ImagesPerS:F0} images/s, {results[provider].CaptionsPerS:F0} captions/s");
            }
            double Diff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
            var (cpu, cuda) = (results["CPU"], results["CUDA"]);
            rows.Add($"| {label} | {imageBatch} / {textBatch} | {cpu.ImagesPerS:N0} | {cuda.ImagesPerS:N0} | {cpu.CaptionsPerS:N0} | {cuda.CaptionsPerS:N0} | " +
                     $"{Diff(cpu.Image, cuda.Image):E1} | {Diff(cpu.Text, cuda.Text):E1} |");
        }
        var md = new StringBuilder("# Exported encoders on ONNX Runtime: CPU against CUDA\n\n")
            .Append($"Made by `bash bench/gpu/onnx-gpu.sh` at commit {MarkdownResultTable.Commit()} on {MarkdownResultTable.Machine()}, CUDA device {deviceId}. ")
            .Append("Seeded random weights; batches premade (no image decoding); medians of repeated runs after two warm-ups.\n\n")
            .Append("| model | batch (images / captions) | CPU images/s | CUDA images/s | CPU captions/s | CUDA captions/s | max \\|CUDA − CPU\\| image | max \\|CUDA − CPU\\| text |\n")
            .Append("|---|---|---:|---:|---:|---:|---:|---:|\n")
            .AppendJoin('\n', rows).Append('\n');
        AtomicFile.WriteAllText(outputPath, md.ToString());
        Console.Error.WriteLine($"Wrote {outputPath}");
        return 0;
    }
}
