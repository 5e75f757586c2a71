using System.Text.RegularExpressions;

namespace PluginDb.Benchmarks;

/// <summary>An exclusive-postgres plugin folder made for a history, under <c>&lt;work&gt;/plugins/&lt;id&gt;</c>.</summary>
internal static partial class BenchmarkPlugin
{
    /// <summary>
    /// Writes the manifest (schema = id; the extensions the history creates asked for, as a project
    /// moving onto the platform would) and the lock file; returns the id, the migrations folder, and
    /// the runner arguments that allow those extensions.
    /// </summary>
    public static (string Id, string Migrations, string[] Allow) Write(string work, string name, IEnumerable<string> migrationFiles)
    {
        var id = "p_" + NotIdentifier().Replace(name.ToLowerInvariant(), "_");
        var plugin = Path.Combine(work, "plugins", id);
        var migrations = Path.Combine(plugin, "migrations");
        Directory.CreateDirectory(migrations);
        var extensions = migrationFiles.SelectMany(f => CreatedExtensions().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        File.WriteAllText(Path.Combine(plugin, "plugin.json"),
            "{\"id\":\"" + id + "\",\"version\":\"1.0.0\",\"sovereign\":{\"schemaVersion\":2,\"database\":{\"mode\":\"exclusive-postgres\",\"provider\":\"postgresql\",\"schema\":\"" + id +
            "\",\"extensions\":[" + string.Join(",", extensions.Select(e => "\"" + e + "\"")) + "],\"migrations\":{\"directory\":\"migrations\"}}}}");
        File.WriteAllText(Path.Combine(migrations, "migration_lock.toml"), "provider = \"postgresql\"\n");
        return (id, migrations, extensions.Count > 0 ? ["--allow-extensions", string.Join(",", extensions)] : []);
    }

    [GeneratedRegex("[^a-z0-9]")]
    private static partial Regex NotIdentifier();

    [GeneratedRegex(@"CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?""?(?<name>[\w-]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex CreatedExtensions();
}
