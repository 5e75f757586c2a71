using System.Globalization;
using System.Text.RegularExpressions;
using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>
/// What an exclusive-postgres plugin's history asks of the database beyond its own schema, found in the
/// files before any statement runs, so a history that cannot live under the plugin's role gets one clear
/// finding per migration instead of a permission error halfway through a replay:
/// <list type="bullet">
/// <item>names qualified with another schema (<c>"public"."User"</c>, which newer Prisma versions write
/// into migrations generated against a database), a schema the history creates, or <c>SET search_path</c>
/// to one (SDB510);</item>
/// <item>a schema of its own (<c>CREATE</c>/<c>ALTER</c>/<c>DROP SCHEMA</c>): a plugin has exactly one, which
/// the platform creates (SDB510);</item>
/// <item>an extension the manifest does not ask for, one it asks for but creates without
/// <c>IF NOT EXISTS</c> (the platform has installed it by then), or <c>ALTER</c>/<c>DROP EXTENSION</c>,
/// which only an extension's owner may run (SDB511).</item>
/// </list>
/// <c>pg_catalog</c>, <c>information_schema</c> and <c>pg_temp</c> are everyone's; names in string literals
/// and comments are not references.
/// </summary>
public static partial class MigrationReach
{
    private static readonly HashSet<string> EveryonesSchemas = new(StringComparer.Ordinal) { "pg_catalog", "information_schema", "pg_temp" };

    private const int LinesShown = 8;

    public static IReadOnlyList<Finding> Check(
        IReadOnlyList<LocalMigration> migrations, string schema, IReadOnlyCollection<string> extensions, string? pluginId, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(extensions);
        var created = migrations.SelectMany(m => SchemaStatement().Matches(Code(m.Script)).Where(s => s.Groups["verb"].Value.Equals("CREATE", StringComparison.OrdinalIgnoreCase)))
            .Select(s => Name(s.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);
        var foreign = new HashSet<string>(created, StringComparer.Ordinal) { "public" };
        foreign.Remove(schema);
        var findings = new List<Finding>();
        foreach (var migration in migrations)
        {
            var code = Code(migration.Script);
            var file = DisplayPath.Of(migration.ScriptPath, displayBase);
            var references = new List<(int Offset, string Schema)>();
            references.AddRange(Qualified().Matches(code).Select(m => (m.Groups["schema"].Index, Name(m.Groups["schema"].Value))).Where(r => foreign.Contains(r.Item2)));
            references.AddRange(SearchPath().Matches(code)
                .SelectMany(m => m.Groups["path"].Value.Split(',').Select(p => (m.Groups["path"].Index, Name(p.Trim().Trim('\'')))))
                .Where(r => r.Item2.Length > 0 && r.Item2 != schema && r.Item2 != "$user" && !EveryonesSchemas.Contains(r.Item2)));
            var schemaStatements = SchemaStatement().Matches(code).ToList();
            if (references.Count > 0 || schemaStatements.Count > 0)
            {
                findings.Add(LeavesSchema(migration, file, schema, references, schemaStatements, pluginId));
            }
            findings.AddRange(Extension().Matches(code).Select(s => ExtensionFinding(migration, file, s, extensions, pluginId)).OfType<Finding>());
        }
        return findings;
    }

    private static Finding LeavesSchema(LocalMigration migration, string file, string schema, List<(int Offset, string Schema)> references,
        List<Match> schemaStatements, string? pluginId)
    {
        var first = references.Select(r => r.Offset).Concat(schemaStatements.Select(s => s.Index)).Min();
        var position = SourcePosition.FromOffset(migration.Script, first);
        var parts = new List<string>();
        foreach (var group in references.GroupBy(r => r.Schema, StringComparer.Ordinal))
        {
            var lines = group.Select(r => SourcePosition.FromOffset(migration.Script, r.Offset).Line).Distinct().Order().ToList();
            parts.Add($"names schema `{group.Key}` {LineList(lines)}");
        }
        foreach (var statement in schemaStatements)
        {
            var verb = statement.Groups["verb"].Value.ToUpperInvariant();
            parts.Add($"{verb.ToLowerInvariant()}s schema `{Name(statement.Groups["name"].Value)}` at line {SourcePosition.FromOffset(migration.Script, statement.Index).Line}");
        }
        var why = references.Any(r => r.Schema == "public")
            ? " Newer Prisma versions write the schema a migration was generated against into every name (\"public\".\"User\"); the plugin's migrations run in its own schema, where unqualified names land, and `public` is not the plugin's to change. Remove the `\"public\".` qualifiers, or generate the migration against a database whose schema is the plugin's."
            : string.Empty;
        var own = schemaStatements.Count > 0
            ? $" A plugin has exactly one schema, `{schema}`, which the platform creates before the migrations run; remove the schema statement (prisma migrate diff --from-empty writes CREATE SCHEMA IF NOT EXISTS \"public\" for a datasource's default schema)."
            : string.Empty;
        return FindingCodes.MigrationLeavesSchema.Create(
            $"Migration `{migration.Name}` {string.Join("; ", parts)}, outside the plugin's schema `{schema}`.{why}{own} The history is not replayed until it stays in its schema.",
            pluginId, file, position.Line, position.Column);
    }

    // Null for CREATE EXTENSION IF NOT EXISTS of one the manifest asks for: the platform made it, the statement does nothing.
    private static Finding? ExtensionFinding(LocalMigration migration, string file, Match statement, IReadOnlyCollection<string> extensions, string? pluginId)
    {
        var name = Name(statement.Groups["name"].Value);
        var verb = statement.Groups["verb"].Value.ToUpperInvariant();
        var position = SourcePosition.FromOffset(migration.Script, statement.Index);
        var asked = extensions.Contains(name, StringComparer.Ordinal);
        string message;
        if (verb != "CREATE")
        {
            message = $"Migration `{migration.Name}` {verb.ToLowerInvariant()}s extension `{name}` at line {position.Line}: only the platform, which installs a plugin's extensions, may change them. Remove the statement.";
        }
        else if (!asked)
        {
            message = $"Migration `{migration.Name}` creates extension `{name}` at line {position.Line}, which the manifest does not ask for: a plugin's role may not create extensions. Add \"{name}\" to sovereign.database.extensions; the platform then installs it before the migrations run.";
        }
        else if (statement.Groups["ifNotExists"].Success)
        {
            return null;
        }
        else
        {
            message = $"Migration `{migration.Name}` creates extension `{name}` at line {position.Line} without IF NOT EXISTS: the platform installs the extensions the manifest asks for before the migrations run, so this statement fails. Write CREATE EXTENSION IF NOT EXISTS \"{name}\".";
        }
        return FindingCodes.MigrationCreatesExtension.Create(message + " The history is not replayed until then.", pluginId, file, position.Line, position.Column);
    }

    private static string LineList(List<int> lines)
    {
        var shown = string.Join(", ", lines.Take(LinesShown).Select(l => l.ToString(CultureInfo.InvariantCulture)));
        return (lines.Count == 1 ? "at line " : "at lines ") + shown + (lines.Count > LinesShown ? $" and {lines.Count - LinesShown} more" : string.Empty);
    }

    /// <summary>A name as PostgreSQL resolves it: a quoted one as written, a bare one folded to lower case.</summary>
    private static string Name(string text) =>
        text.StartsWith('"') ? text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : text.ToLowerInvariant();

    /// <summary>The script with string literals and comments blanked out (same length, so offsets still hold).</summary>
    private static string Code(string script) =>
        LiteralOrComment().Replace(script, m => m.Value.StartsWith('"') ? m.Value : new string(' ', m.Length));

    private const string Identifier = @"(?:""(?:[^""]|"""")+""|[A-Za-z_][A-Za-z0-9_$]*)";

    [GeneratedRegex(@"""(?:[^""]|"""")*""|'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex LiteralOrComment();

    [GeneratedRegex(@"(?<![\w$"".])(?<schema>" + Identifier + @")\s*\.\s*(?=""|[A-Za-z_])")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"\b(?<verb>CREATE|ALTER|DROP)\s+SCHEMA\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?<name>" + Identifier + ")", RegexOptions.IgnoreCase)]
    private static partial Regex SchemaStatement();

    [GeneratedRegex(@"\bSET\s+(?:LOCAL\s+|SESSION\s+)?search_path\s*(?:=|TO)\s*(?<path>[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SearchPath();

    [GeneratedRegex(@"\b(?<verb>CREATE|ALTER|DROP)\s+EXTENSION\s+(?<ifNotExists>IF\s+NOT\s+EXISTS\s+)?(?:IF\s+EXISTS\s+)?(?<name>" + Identifier + ")", RegexOptions.IgnoreCase)]
    private static partial Regex Extension();
}
