using System.Globalization;

namespace PluginDb.Build.Engine;

/// <summary>Text ⇄ value for each <see cref="ParameterKind"/>, as arguments, environment and help spell them.</summary>
internal static class ParameterValues
{
    public const string SecretMask = "<secret>";

    /// <summary>The value of <paramref name="parameter"/> given as <paramref name="texts"/> (several only for arrays).</summary>
    /// <param name="source">How the error names where the value came from, e.g. <c>--fail-on</c>.</param>
    public static object? Parse(BuildParameter parameter, IReadOnlyList<string> texts, string source)
    {
        if (parameter.Kind == ParameterKind.StringArray)
        {
            return texts
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToArray();
        }

        var text = texts[^1].Trim();
        return parameter.Kind switch
        {
            ParameterKind.String => texts[^1],
            ParameterKind.Boolean => ParseBoolean(text) ?? throw Invalid(parameter, text, source),
            ParameterKind.Integer => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw Invalid(parameter, text, source),
            ParameterKind.Duration => ParseDuration(text) ?? throw Invalid(parameter, text, source),
            _ => ParseEnum(parameter, text) ?? throw Invalid(parameter, text, source),
        };
    }

    public static bool? ParseBoolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    /// <summary>The value as help and plan show it; secrets masked, nothing for an unset value.</summary>
    public static string Format(BuildParameter parameter, object? value)
    {
        if (value is null || value is string[] { Length: 0 })
        {
            return string.Empty;
        }

        if (parameter.IsSecret)
        {
            return SecretMask;
        }

        return value switch
        {
            bool flag => flag ? "true" : "false",
            string[] items => string.Join(',', items),
            TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
            Enum member => Naming.Kebab(member.ToString()),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>The value a parameter takes, as help shows it: <c>&lt;int&gt;</c>, <c>error|warning</c>, ….</summary>
    public static string Syntax(BuildParameter parameter) => parameter.Kind switch
    {
        ParameterKind.Boolean => "[true|false]",
        ParameterKind.Integer => "<int>",
        ParameterKind.Duration => "<seconds|hh:mm:ss>",
        ParameterKind.Enum => string.Join('|', EnumNames(parameter)),
        ParameterKind.StringArray => "<value,...>",
        _ => "<value>",
    };

    private static IEnumerable<string> EnumNames(BuildParameter parameter) =>
        Enum.GetNames(parameter.EnumType).Select(Naming.Kebab);

    private static TimeSpan? ParseDuration(string text)
    {
        // Bare numbers are seconds; TimeSpan.Parse would read "30" as thirty days.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) && duration >= TimeSpan.Zero ? duration : null;
    }

    private static object? ParseEnum(BuildParameter parameter, string text)
    {
        var squashed = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        var name = Enum.GetNames(parameter.EnumType)
            .FirstOrDefault(n => string.Equals(n, squashed, StringComparison.OrdinalIgnoreCase));
        return name is null ? null : Enum.Parse(parameter.EnumType, name);
    }

    private static UsageException Invalid(BuildParameter parameter, string text, string source)
    {
        var shown = parameter.IsSecret ? SecretMask : $"'{text}'";
        var expected = parameter.Kind switch
        {
            ParameterKind.Boolean => "true or false",
            ParameterKind.Integer => "a whole number",
            ParameterKind.Duration => "seconds (e.g. 90) or hh:mm:ss (e.g. 00:05:00)",
            _ => "one of " + string.Join(", ", EnumNames(parameter)),
        };
        return new UsageException($"Invalid value {shown} for {source}: expected {expected}.");
    }
}
