using System.CommandLine;
using Microsoft.ML;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Import;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary><c>priorclip import</c>: a CLIP-family checkpoint → an ordinary PriorCLIP model .zip.</summary>
internal static class ImportCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c")
        {
            Description = "OpenAI CLIP TorchScript .pt, open_clip / RemoteCLIP / GeoRSCLIP state_dict (.pt, .bin), or Hugging Face CLIPModel model.safetensors.",
            Required = true,
        };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Folder with vocab.json + merges.txt or bpe_simple_vocab_16e6.txt.gz (default: the checkpoint's folder)." };
        var activation = new Option<string?>("--activation")
        {
            Description = "MLP activation, which the tensors cannot tell: quick_gelu (OpenAI-trained weights) or gelu. Default: config.json's hidden_act " +
                          "for Hugging Face folders, quick_gelu for TorchScript and Hugging Face files, gelu for open_clip state dicts (RemoteCLIP, GeoRSCLIP).",
        };
        activation.AcceptOnlyFromAmong("quick_gelu", "gelu");
        var output = new Option<string>("--output", "-o") { Description = "The model .zip to write.", Required = true };
        var command = new Command("import", "Import a pretrained CLIP-family checkpoint (architecture read from its tensors) as a PriorCLIP model .zip, " +
                                            "usable by encode, search, eval, zeroshot and 'train --init-from'.\n\n" +
                                            "Examples:\n  priorclip import -c RemoteCLIP-ViT-B-32.pt --tokenizer tokenizer/ -o remoteclip-b32.zip\n" +
                                            "  priorclip import -c clip-vit-base-patch32/model.safetensors -o openai-b32.zip")
        { checkpoint, tokenizer, activation, output };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            string path = EvalCommand.RequireFile(r.GetValue(checkpoint)!, "--checkpoint");
            var options = new ClipImportOptions
            {
                Activation = r.GetValue(activation) switch { "quick_gelu" => ActivationKind.QuickGelu, "gelu" => ActivationKind.Gelu, _ => null },
            };
            var result = ClipCheckpointPipeline.Import(ml, path, r.GetValue(tokenizer), options);
            var model = result.Checkpoint.Model;
            var v = model.Config.Vision;
            string vision = v.Kind == VisionKind.Vit
                ? $"ViT width {v.Width}, {v.Layers} layers, {v.Heads} heads, patch {v.PatchSize}"
                : $"modified ResNet width {v.Width}, stages {string.Join("-", v.StageDepths)}";
            var t = model.Config.Text;
            Console.WriteLine($"Read {path} ({result.Checkpoint.Format}, {result.Checkpoint.Layout} names)");
            Console.WriteLine($"  vision: {vision}, {v.ImageSize} px");
            Console.WriteLine($"  text: width {t.Width}, {t.Layers} layers, {t.Heads} heads, context {t.ContextLength}, vocabulary {t.VocabSize}");
            Console.WriteLine($"  embedding {model.EmbedDim}; activation {result.Checkpoint.Activation} ({result.Checkpoint.ActivationSource})");
            Console.WriteLine($"  tokenizer: {result.TokenizerSource}");
            string zip = r.GetValue(output)!;
            AtomicFile.Write(zip, stream => ml.Model.Save(result.Model, result.InputSchema, stream));
            Console.WriteLine($"Model: {Path.GetFullPath(zip)}");
            return 0;
        }));
        return command;
    }
}
