using System.Globalization;

namespace PluginDb.Build.Engine;

/// <summary>Writes the closing table: each planned target, its status and duration, and the total.</summary>
internal static class SummaryWriter
{
    public static async Task WriteAsync(IReadOnlyList<TargetResult> results, TextWriter writer)
    {
        var table = new TextTable(string.Empty, 2).Row("Target", "Status", "Duration").Rule();
        var total = TimeSpan.Zero;
        foreach (var result in results)
        {
            table.Row(result.Name, result.Status.ToString(), result.Duration is { } duration ? FormatDuration(duration) : string.Empty);
            total += result.Duration ?? TimeSpan.Zero;
        }

        table.Rule().Row("Total", Overall(results).ToString(), FormatDuration(total));
        await writer.WriteLineAsync();
        await table.WriteAsync(writer);
    }

    /// <summary>Cancelled if anything was, else Failed if anything failed or could not run, else Succeeded.</summary>
    public static TargetStatus Overall(IReadOnlyList<TargetResult> results) =>
        results.Any(r => r.Status == TargetStatus.Cancelled) ? TargetStatus.Cancelled
        : results.Any(r => r.Status is TargetStatus.Failed or TargetStatus.NotRun) ? TargetStatus.Failed
        : TargetStatus.Succeeded;

    /// <summary><c>0:01.234</c>: minutes, seconds and milliseconds (minutes grow past 59).</summary>
    public static string FormatDuration(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}:{duration.Seconds:00}.{duration.Milliseconds:000}");
}
