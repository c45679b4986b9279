using System.CommandLine;
using PriorClip.MLNet.Data;

namespace PriorClip.Cli.Commands;

/// <summary><c>priorclip dataset</c>: reads a dataset file and reports what it holds and what is wrong with it.</summary>
internal static class DatasetCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var path = new Argument<string>("path") { Description = "Dataset file: Karpathy JSON (RSICD, RSITMD, UCM, Sydney, synthetic), PIR per-split JSON, or CSV." };
        var images = new Option<string?>("--images") { Description = "Folder holding the image files (default: the dataset's folder, then its images/ subfolder). For RSICD pass RSICD_images/." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var skip = new Option<bool>("--skip-bad") { Description = "Skip (and count) entries with missing images, empty captions, duplicates or malformed fields instead of failing." };
        var command = new Command("dataset", "Inspect and validate a dataset file: counts per split and class, captions per image, problems found.\n\n" +
                                             "Examples:\n  priorclip dataset out/synthetic/dataset_synthetic.json\n  priorclip dataset data/rsicd/dataset_rsicd.json --images data/rsicd/RSICD_images --json")
        { path, images, json, skip };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var options = new DatasetReadOptions { ImageFolder = r.GetValue(images) };
            if (r.GetValue(skip))
            {
                options.MissingImages = MissingImagePolicy.Skip;
                options.EmptyCaptions = EntryProblemPolicy.Skip;
                options.DuplicateImages = EntryProblemPolicy.Skip;
                options.MalformedEntries = EntryProblemPolicy.Skip;
            }
            var dataset = CaptionDatasetReader.Read(r.GetValue(path)!, options);
            if (r.GetValue(json))
            {
                Console.WriteLine(dataset.Report.ToJson(indented: true));
                return 0;
            }
            var report = dataset.Report;
            Console.WriteLine($"{dataset.SourcePath}: {report.Format} format, {report.ImageCount} images, {report.CaptionCount} captions");
            foreach (var split in report.Splits)
                Console.WriteLine($"  split {split.Key,-5} {split.Value.Images,6} images {split.Value.Captions,7} captions");
            Console.WriteLine($"  {report.Classes.Count} scene classes: " + string.Join(", ", report.Classes.OrderByDescending(c => c.Value).Take(12).Select(c => $"{c.Key} {c.Value}"))
                              + (report.Classes.Count > 12 ? ", …" : ""));
            Console.WriteLine("  captions per image: " + string.Join(", ", report.CaptionsPerImage.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}")));
            Console.WriteLine(report.Problems.Count == 0 ? "  no problems found" : $"  {report.Problems.Count} problem(s):");
            foreach (var problem in report.Problems.Take(20)) Console.WriteLine($"    {problem.Message}");
            return 0;
        }));
        return command;
    }
}
