using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Drift;

/// <summary>
/// Turns the differences between what the migrations create and a live database into findings:
/// extra objects SDB301, missing ones SDB302, changed ones SDB303, all errors (drift means the
/// migrations no longer describe the database). Each finding names the object and, where the
/// migrations mention it, the migration that creates it (<see cref="Locate"/>), and sits on that
/// migration.sql at the mention; otherwise it sits on the manifest.
/// </summary>
public static class DriftFindings
{
    public static IReadOnlyList<Finding> Create(
        IReadOnlyList<SchemaDifference> differences,
        IReadOnlyList<LocalMigration> migrations,
        string? pluginId,
        string? manifestFile,
        string databaseLabel,
        string displayBase)
    {
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(databaseLabel);
        ArgumentNullException.ThrowIfNull(displayBase);
        return differences.Select(difference =>
        {
            var code = difference.Kind switch
            {
                DifferenceKind.Extra => FindingCodes.LiveObjectExtra,
                DifferenceKind.Missing => FindingCodes.LiveObjectMissing,
                _ => FindingCodes.LiveObjectChanged,
            };
            var mention = Locate(difference, migrations);
            var origin = mention switch
            {
                null => "No migration mentions it.",
                { NamesObject: true } => $"The migrations create it in `{mention.Migration.Name}` (line {mention.Position.Line}).",
                _ => $"The table or type it belongs to comes from migration `{mention.Migration.Name}` (line {mention.Position.Line}).",
            };
            var message = $"Live {databaseLabel}: {difference.Message}. {origin}";
            return mention is null
                ? code.Create(message, pluginId, manifestFile)
                : code.Create(message, pluginId, DisplayPath.Of(mention.Migration.ScriptPath, displayBase), mention.Position.Line, mention.Position.Column);
        }).ToList();
    }

    /// <summary>
    /// Where an object comes from. An object the migrations create, or the database lacks, is placed on
    /// the migration that created its name (<see cref="MigrationCreations"/>). Otherwise, and for a
    /// changed object, a plain text search, not a SQL parser: the object's names are its table (or, for an
    /// enum value, its enum) and its own name (<see cref="SchemaDifference.Path"/> after the table). The
    /// answer is the last migration, in order, whose script mentions every name as a whole word (quoted or
    /// not, any case), at the first line that mentions them all, else at the first mention of the object's
    /// own name. When no migration mentions the object, the last one mentioning its table is returned with
    /// <see cref="MigrationMention.NamesObject"/> false; when none mentions the table either, null.
    /// </summary>
    public static MigrationMention? Locate(SchemaDifference difference, IReadOnlyList<LocalMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(migrations);
        if (difference.Kind != DifferenceKind.Changed && MigrationCreations.Find(difference, migrations) is { } creation)
        {
            return creation;
        }
        var (owner, name) = MigrationCreations.Names(difference);
        var names = name is null || string.Equals(owner, name, StringComparison.Ordinal) ? new[] { owner } : [owner, name];
        return Last(migrations, names, namesObject: true)
            ?? (names.Length > 1 ? Last(migrations, [owner], namesObject: false) : null);
    }

    private static MigrationMention? Last(IReadOnlyList<LocalMigration> migrations, string[] names, bool namesObject)
    {
        for (var i = migrations.Count - 1; i >= 0; i--)
        {
            var script = migrations[i].Script;
            if (!names.All(n => ScriptSearch.Contains(script, n)))
            {
                continue;
            }
            var offsets = names.Select(n => ScriptSearch.Words(script, n)).ToList();
            if (offsets.Any(o => o.Count == 0))
            {
                continue;
            }
            // The first line that mentions them all, at its first mention of the last name.
            int LineOf(int at) => at == 0 ? 0 : script.LastIndexOf('\n', at - 1) + 1;
            var together = offsets[^1].FirstOrDefault(at => offsets.All(o => o.Any(other => LineOf(other) == LineOf(at))), offsets[^1][0]);
            return new MigrationMention(migrations[i], SourcePosition.FromOffset(script, together), namesObject);
        }
        return null;
    }
}
