using System.CommandLine;
using Microsoft.ML;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Serving.Onnx;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary><c>priorclip export --onnx DIR</c>: a model .zip → two ONNX encoders + manifest, checked against TorchSharp.</summary>
internal static class ExportCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model .zip written by 'train', 'demo' or 'import'.", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "Folder to write image_encoder.onnx, text_encoder.onnx, tokenizer.zip, vocab.txt and priorclip-onnx.json to.", Required = true };
        var noCheck = new Option<bool>("--no-check") { Description = "Skip running both encoders in ONNX Runtime and TorchSharp on a few inputs and comparing." };
        var command = new Command("export", "Export a model's image and text encoders to ONNX (opset 17, dynamic batch) for ONNX Runtime, ML.NET's ApplyOnnxModel, Python or JavaScript.\n\n" +
                                            "Example:\n  priorclip export -m out/demo/priorclip-tiny.zip --onnx out/demo/onnx")
        { model, onnx, noCheck };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            var loaded = PriorClipModelFile.Load(ml, EvalCommand.RequireFile(r.GetValue(model)!, "--model"), out _);
            string directory = r.GetValue(onnx)!;
            var manifest = PriorClipOnnxExporter.Export(loaded, directory);
            foreach (var file in new[] { manifest.ImageEncoder, manifest.TextEncoder, manifest.Tokenizer.MlNetModel, manifest.Tokenizer.Vocabulary, OnnxExportManifest.FileName }.OfType<string>())
                Console.WriteLine($"  {file,-22} {new FileInfo(Path.Combine(directory, file)).Length / 1024.0 / 1024.0,8:F2} MB");
            Console.WriteLine($"{manifest.ModelConfig}: images {manifest.ImageSize} px ({manifest.Resizing}), pixels 0-255 (normalised inside), " +
                              $"captions '{manifest.Tokenizer.Kind}' tokens × {manifest.Tokenizer.SequenceLength}, embeddings {manifest.EmbeddingDimension}-d, opset {manifest.Opset}");
            if (!r.GetValue(noCheck))
            {
                var check = OnnxExportCheck.Run(loaded, directory);
                Console.WriteLine($"Check against TorchSharp: {check.Images} images max |diff| {check.ImageDifference:E2}, {check.Captions} captions max |diff| {check.TextDifference:E2} (tolerance {OnnxExportCheck.Tolerance:E0})");
                if (!check.Passed)
                    throw new InvalidOperationException($"the exported encoders differ from the model by more than {OnnxExportCheck.Tolerance:E0}; the export in {directory} is not usable as it is");
            }
            Console.WriteLine($"ONNX export: {Path.GetFullPath(directory)}");
            return 0;
        }));
        return command;
    }
}
