using System.Globalization;

namespace PluginDb.Benchmarks;

/// <summary>The <c>--name value</c> options after a mode; a wrong one is a <see cref="UsageException"/>.</summary>
internal sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> _values;

    private BenchmarkArguments(Dictionary<string, string> values) => _values = values;

    /// <param name="arguments">The arguments after the mode.</param>
    /// <param name="names">The options the mode takes, without the leading <c>--</c>.</param>
    public static BenchmarkArguments Parse(IReadOnlyList<string> arguments, params string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i += 2)
        {
            var name = arguments[i].StartsWith("--", StringComparison.Ordinal) ? arguments[i][2..] : null;
            if (name is null || !names.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"unknown argument '{arguments[i]}'");
            }
            if (i + 1 >= arguments.Count)
            {
                throw new UsageException($"--{name} needs a value");
            }
            values[name] = arguments[i + 1];
        }
        return new BenchmarkArguments(values);
    }

    public int Count(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"--{name} needs a positive whole number, not '{text}'");
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);
}
