using System.Globalization;

namespace PluginDb.Benchmarks;

/// <summary>Timings of repeated runs, in milliseconds.</summary>
internal sealed record Samples(double Median, double Min, double Max)
{
    public static Samples Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("No samples.", nameof(milliseconds));
        }
        return new Samples(MedianOf(milliseconds), milliseconds.Min(), milliseconds.Max());
    }

    public static double MedianOf(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Whole milliseconds: the noise of a shared machine is far above a millisecond.</summary>
    public static string Format(double milliseconds) => milliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";
}
