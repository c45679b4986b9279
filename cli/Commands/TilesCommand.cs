using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using PriorClip.MLNet.Geo.Archive;
using PriorClip.MLNet.Geo.Localization;
using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Search.Metadata;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary><c>priorclip tiles</c>: every tile of one or more large scenes → a searchable archive with footprints and dates.</summary>
internal static class TilesCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model .zip written by 'train', 'demo' or 'import'.", Required = true };
        var scenes = new Option<string[]>("--scene", "-s") { Description = "A scene (GeoTIFF / TIFF / PNG / JPEG); repeat for more. FILE@yyyy-MM-dd gives its acquisition date.", Required = true, AllowMultipleArgumentsPerToken = true };
        var tile = new Option<int?>("--tile") { Description = "Tile side in scene pixels (default: the model's input size)." };
        var overlap = new Option<int?>("--overlap") { Description = "Pixels shared by neighbouring tiles (default: half a tile)." };
        var bands = new Option<string?>("--bands") { Description = "TIFF bands (from 1) that become R,G,B, e.g. 4,3,2." };
        var scale = new Option<string>("--scale") { Description = "16-bit samples to 0-255: percentile, high-byte or range:MAX.", DefaultValueFactory = _ => "percentile" };
        var output = new Option<string>("--output", "-o") { Description = "Archive folder: images.npy, image_ids.txt, image_metadata.jsonl (search it with 'search --index').", Required = true };
        var command = new Command("tiles", "Encode every tile of large scenes into an archive that 'search' answers with the best tiles, filtered by --bbox and --from/--to.\n\n" +
                                           "Example:\n  priorclip tiles -m model.zip -s trieste.tif@2024-05-01 -s venice.tif@2024-06-12 --tile 64 --overlap 32 -o region-tiles\n" +
                                           "  priorclip search -m model.zip --index region-tiles -q \"boats beside the piers\" --bbox 13.70,45.10,13.80,45.20")
        { model, scenes, tile, overlap, bands, scale, output };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            var loaded = PriorClipModelFile.Load(ml, EvalCommand.RequireFile(r.GetValue(model)!, "--model"), out _);
            var inputs = r.GetValue(scenes)!.Select(Parse).ToList();
            int size = r.GetValue(tile) ?? RetrievalModelParts.From(loaded).Encoder.ImageSize;
            int shared = r.GetValue(overlap) ?? size / 2;
            var items = SceneArchiveWriter.Write(new SceneLocalizer(loaded), inputs, LocalizeCommand.ReadOptions(r.GetValue(bands), r.GetValue(scale)!), size, shared,
                r.GetValue(output)!, new Reporter());
            int placed = items.Count(i => i.Bbox is not null);
            Console.WriteLine($"Encoded {items.Count} tiles of {size} px (overlap {shared}) from {inputs.Count} scene(s); {placed} with a WGS 84 footprint → {Path.GetFullPath(r.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }

    static SceneArchiveWriter.SceneInput Parse(string value)
    {
        int at = value.LastIndexOf('@');
        if (at < 0) return new(EvalCommand.RequireFile(value, "--scene"), null);
        return new(EvalCommand.RequireFile(value[..at], "--scene"), ArchiveFilter.ParseDate(value[(at + 1)..], $"--scene {value}"));
    }

    sealed class Reporter : IProgress<(string Scene, int Tiles)>
    {
        public void Report((string Scene, int Tiles) value) => Console.WriteLine($"  {value.Scene}: {value.Tiles} tiles");
    }
}
