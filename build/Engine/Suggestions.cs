namespace PluginDb.Build.Engine;

/// <summary>"Did you mean …?" for mistyped target and parameter names.</summary>
internal static class Suggestions
{
    /// <summary>The candidates closest to <paramref name="input"/> (edit distance, case-insensitive), best first.</summary>
    public static IReadOnlyList<string> Closest(string input, IEnumerable<string> candidates)
    {
        var typed = input.ToLowerInvariant();
        var limit = Math.Max(2, typed.Length / 3);
        return candidates
            .Select(c => (Candidate: c, Distance: Distance(typed, c.ToLowerInvariant())))
            .Where(x => x.Distance <= limit || x.Candidate.StartsWith(input, StringComparison.OrdinalIgnoreCase))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.Candidate)
            .ToList();
    }

    /// <summary>" Did you mean --a or --b?" (with <paramref name="prefix"/> <c>--</c>) or an empty string.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates, string prefix = "")
    {
        var closest = Closest(input, candidates);
        return closest.Count == 0 ? string.Empty : $" Did you mean {string.Join(" or ", closest.Select(c => prefix + c))}?";
    }

    // Optimal string alignment distance: a swapped pair of letters ("fial") counts as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
