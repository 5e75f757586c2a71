using System.Globalization;

namespace PluginDb.Benchmarks;

/// <summary>
/// Where our runs spent their time: the targets of the runner's closing table, and the rest of the
/// whole process (bash and the script's staleness check, .NET start-up, binding the parameters, exit).
/// </summary>
internal sealed class TimeSplit
{
    private readonly List<(string Label, List<double> Whole, List<IReadOnlyDictionary<string, double>> Targets)> _rows = [];

    public void Add(string label, ProcessRun run)
    {
        var index = _rows.FindIndex(r => r.Label == label);
        if (index < 0)
        {
            _rows.Add((label, [], []));
            index = _rows.Count - 1;
        }
        _rows[index].Whole.Add(run.Milliseconds);
        _rows[index].Targets.Add(BuildScript.TargetDurations(run));
    }

    /// <summary>Medians per label, in seconds; "outside targets" is the median of each run's whole time less its targets' total.</summary>
    public override string ToString()
    {
        // The targets some run listed: a table of Drift runs has no Doctor column.
        var columns = BuildScript.PipelineTargets.Where(t => _rows.Any(r => r.Targets.Any(d => d.ContainsKey(t)))).ToList();
        var table = new TextTable(["run", "whole (s)", "outside targets (s)", .. columns.Select(t => $"{t} (s)")]);
        foreach (var (label, whole, targets) in _rows)
        {
            var outside = whole.Zip(targets, (w, t) => t.TryGetValue("Total", out var total) ? w - total : double.NaN).ToList();
            table.Add([
                label,
                Seconds(Samples.MedianOf(whole)),
                Seconds(Samples.MedianOf(outside)),
                .. columns.Select(t => Seconds(Samples.MedianOf([.. targets.Select(d => d.GetValueOrDefault(t))]))),
            ]);
        }
        return table.ToString();
    }

    public static string Seconds(double milliseconds) =>
        double.IsNaN(milliseconds) ? "—" : (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture);
}
