using System.Globalization;
using System.Text.Json;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// <c>tune LABEL key=value …</c>: one <see cref="TrainingExperiment"/>, its row added to <c>bench/results/tuning.md</c>.
/// The table shows validation mR only: the embedded default is chosen on it, never on test.
/// </summary>
internal static class TuningTable
{
    const string Header = "| label | commit | settings | validation mR per epoch | best (epoch) | train s |\n|---|---|---|---|---:|---:|\n";

    public static int Run(string label, string[] settings, string output)
    {
        var experiment = TrainingExperiment.Parse(settings);
        var r = experiment.Run(test: false);
        Console.WriteLine(JsonSerializer.Serialize(r));
        string curve = string.Join(" ", r.ValidationCurve.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));
        string row = $"| {label} | {MarkdownResultTable.Commit()} | {string.Join(" ", r.Settings)} | {curve} | {r.BestValidation:F2} ({r.BestEpoch}) | {r.TrainSeconds:F0} |";
        MarkdownResultTable.Upsert(output,
            "# Tuning the embedded default\n\n" +
            "Each row: `dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- tune LABEL SETTINGS…` (bench/README.md), the demo's recipe with\n" +
            "the settings shown, validated every epoch. Choices read this table's validation mR only; the test split is not even evaluated.\n" +
            $"Machine of the last row: {MarkdownResultTable.Machine()}. Train seconds include the prior's pre-training and validation.\n",
            Header, label, row);
        return 0;
    }
}
