using System.Text.RegularExpressions;

namespace PluginDb.Core.Manifests;

/// <summary>The regular expressions of plugin.schema.json's <c>pattern</c> keywords.</summary>
internal static partial class ManifestPatterns
{
    /// <summary>
    /// The regex for <paramref name="pattern"/>, with the options JSON Schema validators in .NET use
    /// (none). A pattern the schema has today is compiled ahead of time; building the interpreter for
    /// it costs a few milliseconds on every call of the tool. Any other pattern is interpreted, so
    /// the schema file stays the source of truth.
    /// </summary>
    public static Regex For(string pattern) =>
        pattern == PluginId().ToString() ? PluginId() : new Regex(pattern, RegexOptions.None);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.None)]
    internal static partial Regex PluginId();
}
