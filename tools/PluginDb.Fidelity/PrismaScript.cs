using System.Text.RegularExpressions;

namespace PluginDb.Fidelity;

/// <summary>
/// What Prisma's <c>migrate diff --script</c> output changes, read from its statements: each step starts
/// with a comment naming it (<c>-- CreateIndex</c>, <c>-- AlterTable</c>, <c>-- RedefineTables</c>…) and its
/// statements name the objects. See ../shared/peers/prisma/FACTS.md §6 for the shapes.
/// </summary>
internal static partial class PrismaScript
{
    public static IReadOnlyList<ObjectChange> Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var changes = new List<ObjectChange>();
        var step = string.Empty;
        foreach (var statement in Statements(script))
        {
            if (StepComment().Match(statement) is { Success: true } comment)
            {
                step = comment.Groups["step"].Value;
            }
            var sql = CommentLine().Replace(statement, string.Empty).Trim();
            if (sql.Length == 0)
            {
                continue;
            }
            if (step == "AlterEnum" && !AddValue().IsMatch(sql))
            {
                // An enum losing values is rebuilt as a new type its columns are cast to; the rest of the step is that dance.
                if (CreateEnum().Match(sql) is { Success: true } rebuilt && rebuilt.Groups["name"].Value.EndsWith("_new", StringComparison.Ordinal))
                {
                    changes.Add(new ObjectChange("changed", "enum", rebuilt.Groups["name"].Value[..^4]));
                }
                continue;
            }
            if (step == "RedefineTables" && (CreateIndex().IsMatch(sql) || DropIndex().IsMatch(sql)))
            {
                // A redefined table gets its indexes again: part of the redefinition, not a change of their own.
                continue;
            }
            changes.AddRange(Read(sql, step));
        }
        return changes;
    }

    private static IEnumerable<ObjectChange> Read(string sql, string step)
    {
        if (CreateTable().Match(sql) is { Success: true } create)
        {
            var name = create.Groups["name"].Value;
            yield return name.StartsWith("new_", StringComparison.Ordinal) && step == "RedefineTables"
                ? new ObjectChange("changed", "table", name[4..])
                : new ObjectChange("missing", "table", name);
            yield break;
        }
        if (DropTable().Match(sql) is { Success: true } drop)
        {
            if (step != "RedefineTables")
            {
                yield return new ObjectChange("extra", "table", drop.Groups["name"].Value);
            }
            yield break;
        }
        if (CreateIndex().Match(sql) is { Success: true } index)
        {
            yield return ObjectChange.OfTable(step == "RedefineIndex" ? "changed" : "missing", "index", index.Groups["table"].Value, index.Groups["name"].Value);
            yield break;
        }
        if (DropIndex().Match(sql) is { Success: true } dropIndex)
        {
            if (step != "RedefineIndex")
            {
                yield return new ObjectChange("extra", "index", dropIndex.Groups["name"].Value);
            }
            yield break;
        }
        if (RenameIndex().Match(sql) is { Success: true } rename)
        {
            yield return new ObjectChange("changed", "index", rename.Groups["to"].Value);
            yield break;
        }
        if (CreateEnum().Match(sql) is { Success: true } createEnum)
        {
            yield return new ObjectChange("missing", "enum", createEnum.Groups["name"].Value);
            yield break;
        }
        if (DropEnum().Match(sql) is { Success: true } dropEnum)
        {
            yield return new ObjectChange("extra", "enum", dropEnum.Groups["name"].Value);
            yield break;
        }
        if (AddValue().Match(sql) is { Success: true } value)
        {
            yield return new ObjectChange("missing", "enum value", value.Groups["enum"].Value + "." + value.Groups["value"].Value);
            yield break;
        }
        if (AlterTable().Match(sql) is not { Success: true } alter)
        {
            yield break;
        }
        var table = alter.Groups["name"].Value;
        foreach (var action in Actions(sql[alter.Length..]))
        {
            var a = action.Trim();
            var constraintType = step.Contains("ForeignKey", StringComparison.Ordinal) ? "foreign key" : "primary key";
            if (Column().Match(a) is { Success: true } column)
            {
                var kind = column.Groups["verb"].Value.ToUpperInvariant() switch { "ADD" => "missing", "DROP" => "extra", _ => "changed" };
                yield return ObjectChange.OfTable(kind, "column", table, column.Groups["name"].Value);
            }
            else if (AddConstraint().Match(a) is { Success: true } add)
            {
                var type = add.Groups["what"].Value.StartsWith("FOREIGN", StringComparison.OrdinalIgnoreCase) ? "foreign key" : "primary key";
                yield return ObjectChange.OfTable("missing", type, table, add.Groups["name"].Value);
            }
            else if (DropConstraint().Match(a) is { Success: true } dropConstraint)
            {
                yield return ObjectChange.OfTable("extra", constraintType, table, dropConstraint.Groups["name"].Value);
            }
            else if (RenameConstraint().Match(a) is { Success: true } renameConstraint)
            {
                yield return ObjectChange.OfTable("changed", constraintType, table, renameConstraint.Groups["to"].Value);
            }
        }
    }

    // Statements end with ';' at the end of a line; quotes and dollar bodies do not occur in Prisma's DDL.
    private static IEnumerable<string> Statements(string script) =>
        StatementEnd().Split(script).Where(s => !string.IsNullOrWhiteSpace(s));

    // The comma-separated actions of one ALTER TABLE, split outside parentheses and quotes.
    private static IEnumerable<string> Actions(string text)
    {
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == ',')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private const string Name = @"(?:""[^""]+""\.)?""(?<name>[^""]+)""";

    [GeneratedRegex(@";[ \t]*(\r?\n|$)")]
    private static partial Regex StatementEnd();

    [GeneratedRegex(@"^--\s*(?<step>[A-Za-z]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex StepComment();

    [GeneratedRegex(@"^\s*--.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^CREATE TABLE " + Name, RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^DROP TABLE " + Name, RegexOptions.IgnoreCase)]
    private static partial Regex DropTable();

    [GeneratedRegex(@"^CREATE (UNIQUE )?INDEX (CONCURRENTLY )?" + Name + @" ON (?:""[^""]+""\.)?""(?<table>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"^DROP INDEX " + Name, RegexOptions.IgnoreCase)]
    private static partial Regex DropIndex();

    [GeneratedRegex(@"^ALTER INDEX (?:""[^""]+""\.)?""[^""]+"" RENAME TO ""(?<to>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex RenameIndex();

    [GeneratedRegex(@"^CREATE TYPE " + Name + " AS ENUM", RegexOptions.IgnoreCase)]
    private static partial Regex CreateEnum();

    [GeneratedRegex(@"^DROP TYPE " + Name, RegexOptions.IgnoreCase)]
    private static partial Regex DropEnum();

    [GeneratedRegex(@"ALTER TYPE (?:""[^""]+""\.)?""(?<enum>[^""]+)"" ADD VALUE '(?<value>(?:[^']|'')*)'", RegexOptions.IgnoreCase)]
    private static partial Regex AddValue();

    [GeneratedRegex(@"^ALTER TABLE " + Name, RegexOptions.IgnoreCase)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"^(?<verb>ADD|DROP|ALTER)\s+COLUMN\s+""(?<name>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Column();

    [GeneratedRegex(@"^ADD CONSTRAINT ""(?<name>[^""]+)"" (?<what>PRIMARY KEY|FOREIGN KEY|UNIQUE)", RegexOptions.IgnoreCase)]
    private static partial Regex AddConstraint();

    [GeneratedRegex(@"^DROP CONSTRAINT ""(?<name>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex DropConstraint();

    [GeneratedRegex(@"^RENAME CONSTRAINT ""[^""]+"" TO ""(?<to>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex RenameConstraint();
}
