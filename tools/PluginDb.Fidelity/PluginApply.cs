using System.Text.Json;
using PluginDb.Benchmarks;

namespace PluginDb.Fidelity;

/// <summary>
/// Whether a project's history applies as a plugin's: the project as an exclusive plugin of its provider
/// (PostgreSQL: a schema and role of its own, least privilege, asking for the extensions its migrations
/// create, as a user told by SDB511 would), migrated by <c>./build.sh Migrate</c>. The answer is
/// <see cref="Applies"/>, <see cref="EarlyFinding"/> (the tool says before any statement runs why the
/// history cannot live under the plugin's role) or <c>fails: …</c>.
/// </summary>
internal static partial class PluginApply
{
    public const string Applies = "applies";
    public const string EarlyFinding = "early finding";

    /// <summary>The codes of findings made before a replay, on what a history needs that a plugin's role does not have.</summary>
    public static readonly IReadOnlySet<string> EarlyCodes = new HashSet<string>(StringComparer.Ordinal) { "SDB510", "SDB511", "SDB512" };

    public static async Task<string> CheckAsync(CorpusEntry entry, string source, string work, BuildScript ours, BenchmarkServer? server, CancellationToken cancellationToken)
    {
        var id = entry.Name.ToLowerInvariant();
        var plugin = Path.Combine(work, "plugins", id);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
        CorpusProject.CopyDirectory(Path.Combine(source, "migrations"), Path.Combine(plugin, "migrations"));
        var extensions = Directory.GetFiles(Path.Combine(source, "migrations"), "migration.sql", SearchOption.AllDirectories)
            .SelectMany(f => CreateExtension().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value.Trim('"').ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(e => $"\"{e}\"");
        var database = entry.IsPostgres
            ? $$"""{ "mode": "exclusive-postgres", "provider": "postgresql", "schema": "{{id.Replace('-', '_').Replace('.', '_')}}", "extensions": [{{string.Join(", ", extensions)}}], "migrations": { "directory": "migrations" } }"""
            : """{ "mode": "exclusive-sqlite", "provider": "sqlite", "migrations": { "directory": "migrations" } }""";
        File.WriteAllText(Path.Combine(plugin, "plugin.json"), $$"""{ "id": "{{id}}", "version": "1.0.0", "sovereign": { "schemaVersion": 2, "database": {{database}} } }""");
        var output = Path.Combine(work, "out");
        var run = await ours.RunAsync(["Migrate", "--plugins", plugin, "--out", output, "--no-cache", .. server?.RunnerArguments ?? []], cancellationToken);
        var report = Path.Combine(output, "report.json");
        if (!File.Exists(report))
        {
            return $"fails: exit {run.ExitCode}, {run.FirstLine}";
        }
        using var document = JsonDocument.Parse(File.ReadAllText(report));
        var errors = document.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "error")
            .Select(f => (Code: f.GetProperty("code").GetString()!, Message: f.GetProperty("message").GetString()!))
            .ToList();
        if (errors.Any(e => EarlyCodes.Contains(e.Code)))
        {
            return EarlyFinding;
        }
        if (errors.FirstOrDefault(e => e.Code.StartsWith("SDB2", StringComparison.Ordinal) || e.Code.StartsWith("SDB6", StringComparison.Ordinal)) is { Code: not null } error)
        {
            var message = error.Message.Length > 120 ? error.Message[..120] + "…" : error.Message;
            return $"fails: {error.Code} {message}";
        }
        return Applies;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>""[^""]+""|[A-Za-z0-9_-]+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex CreateExtension();
}
