using System.Text.RegularExpressions;
using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Drift;

/// <summary>
/// Which migration made an object what it is named now: the last one with a statement that creates the
/// name (<c>CREATE TABLE</c>, <c>CREATE INDEX</c>, <c>CONSTRAINT "x"</c>, <c>ADD COLUMN</c>, <c>CREATE
/// TYPE … AS ENUM</c>, <c>ADD VALUE</c>) or renames something to it. A statement that merely mentions the
/// name (an index on a renamed table, a later ALTER) does not count, so an index made in the first
/// migration and carried through a table rename is placed on the first migration.
/// </summary>
public static partial class MigrationCreations
{
    public static MigrationMention? Find(SchemaDifference difference, IReadOnlyList<LocalMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(migrations);
        var (owner, name) = Names(difference);
        // Every statement that creates the object names it: a script without the name (in any case) is
        // skipped before it is split and matched (a name with a quote in it is written escaped, so it is not screened).
        var created = difference.ObjectType is SchemaObjectType.Table or SchemaObjectType.Enum ? owner : name ?? owner;
        var screen = created.AsSpan().IndexOfAny('"', '\'') < 0;
        for (var i = migrations.Count - 1; i >= 0; i--)
        {
            var script = migrations[i].Script;
            if (screen && !ScriptSearch.Contains(script, created))
            {
                continue;
            }
            var statements = Statements.GetValue(migrations[i], m => new(PostgresScript.Split(m.Script))).Value!;
            for (var s = statements.Count - 1; s >= 0; s--)
            {
                if (screen && !ScriptSearch.Contains(script, statements[s].Offset, statements[s].Length, created))
                {
                    continue;
                }
                var text = statements[s].Text(script);
                if (Creates(difference.ObjectType, text, owner, name) is { } at)
                {
                    return new MigrationMention(migrations[i], SourcePosition.FromOffset(script, statements[s].Offset + at), NamesObject: true);
                }
            }
        }
        return null;
    }

    // Each migration's statements, split once however many differences look into it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LocalMigration, System.Runtime.CompilerServices.StrongBox<IReadOnlyList<PostgresScript.Statement>>> Statements = new();

    // The offset in the statement of the created name, or null when the statement does not create it.
    private static int? Creates(SchemaObjectType type, string statement, string owner, string? name)
    {
        switch (type)
        {
            case SchemaObjectType.Table:
                return At(statement, $@"^CREATE\s+(?:(?:UNLOGGED|TEMP|TEMPORARY)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?{Qualified}({Name(owner)})(?![\w$""])")
                    ?? At(statement, $@"^ALTER\s+TABLE\s+.*?\bRENAME\s+TO\s+({Name(owner)})(?![\w$""])");
            case SchemaObjectType.Enum:
                return At(statement, $@"^CREATE\s+TYPE\s+{Qualified}({Name(owner)})\s+AS\s+ENUM\b")
                    ?? At(statement, $@"^ALTER\s+TYPE\s+.*?\bRENAME\s+TO\s+({Name(owner)})(?![\w$""])");
            case SchemaObjectType.EnumValue when name is not null:
                var value = "'" + Regex.Escape(name.Replace("'", "''", StringComparison.Ordinal)) + "'";
                return At(statement, $@"^CREATE\s+TYPE\s+{Qualified}{Name(owner)}\s+AS\s+ENUM\s*\(.*?({value})")
                    ?? At(statement, $@"^ALTER\s+TYPE\s+{Qualified}{Name(owner)}\s+(?:ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?|RENAME\s+VALUE\s+'(?:[^']|'')*'\s+TO\s+)({value})");
            case SchemaObjectType.Column when name is not null:
                return At(statement, $@"^CREATE\s+(?:(?:UNLOGGED|TEMP|TEMPORARY)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?{Qualified}{Name(owner)}\s*\((?:.*?[(,])?\s*({Name(name)})\s+\w")
                    ?? At(statement, $@"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{Qualified}{Name(owner)}\s.*?\b(?:ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?|RENAME\s+(?:COLUMN\s+)?\S+\s+TO\s+)({Name(name)})(?![\w$""])");
            case SchemaObjectType.Index or SchemaObjectType.UniqueConstraint when name is not null:
                return At(statement, $@"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?{Qualified}({Name(name)})(?![\w$""])")
                    ?? At(statement, $@"^ALTER\s+INDEX\s+.*?\bRENAME\s+TO\s+({Name(name)})(?![\w$""])")
                    ?? Constraint(statement, name);
            case SchemaObjectType.PrimaryKey or SchemaObjectType.ForeignKey or SchemaObjectType.Check when name is not null:
                return Constraint(statement, name);
            default:
                return null;
        }
    }

    private static int? Constraint(string statement, string name) =>
        At(statement, $@"^(?:CREATE|ALTER)\s+TABLE\b.*?\bCONSTRAINT\s+({Name(name)})(?![\w$""])")
        ?? At(statement, $@"^ALTER\s+TABLE\b.*?\bRENAME\s+CONSTRAINT\s+\S+\s+TO\s+({Name(name)})(?![\w$""])");

    // An optional "schema". before a name.
    private const string Qualified = @"(?:(?:""(?:[^""]|"""")+""|[\w$]+)\.)?";

    // The name quoted ("Name", exact) or bare (any case, as an unquoted identifier folds).
    private static string Name(string name) =>
        $@"(?:""{Regex.Escape(name.Replace("\"", "\"\"", StringComparison.Ordinal))}""|(?i:{Regex.Escape(name)})(?![\w$]))";

    private static int? At(string statement, string pattern)
    {
        var match = Regex.Match(statement, pattern, RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups[1].Index : null;
    }

    // The table (or, for an enum value, its enum) a difference belongs to, and the object's own name within it.
    internal static (string Owner, string? Name) Names(SchemaDifference difference)
    {
        if (difference.Table is { } table)
        {
            return difference.Path.StartsWith(table + ".", StringComparison.Ordinal)
                ? (table, difference.Path[(table.Length + 1)..])
                : (table, difference.Path == table ? null : difference.Path);
        }
        var dot = difference.Path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (difference.Path, null) : (difference.Path[..dot], difference.Path[(dot + 1)..]);
    }
}
