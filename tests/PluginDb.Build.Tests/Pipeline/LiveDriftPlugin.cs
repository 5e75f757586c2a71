namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// The plugin the live-drift tests check, on either provider, and the hand-made changes to its live
/// database each test expects to be reported: the finding code, the object it names and the file
/// (a migration.sql, or the manifest) it is placed on.
/// </summary>
internal static class LiveDriftPlugin
{
    public const string Id = "notes";
    public const string Init = "20240101000000_init";
    public const string Tags = "20240102000000_tags";
    public const string DataOnly = "20240103000000_touch";

    public static (string Name, string Sql)[] SqliteMigrations =>
    [
        (Init,
            "-- CreateTable\nCREATE TABLE \"Author\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"name\" TEXT NOT NULL\n);\n\n" +
            "-- CreateTable\nCREATE TABLE \"Note\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"body\" TEXT NOT NULL,\n" +
            "    \"title\" TEXT NOT NULL DEFAULT 'untitled',\n    \"rank\" INTEGER NOT NULL,\n    \"authorId\" INTEGER NOT NULL,\n" +
            "    CONSTRAINT \"Note_rank_check\" CHECK (\"rank\" >= 0),\n" +
            "    CONSTRAINT \"Note_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"Author\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE\n);\n"),
        (Tags, TagsSql),
    ];

    public static (string Name, string Sql)[] PostgresMigrations =>
    [
        (Init,
            "-- CreateEnum\nCREATE TYPE \"Mood\" AS ENUM ('HAPPY', 'SAD');\n\n" +
            "-- CreateTable\nCREATE TABLE \"Author\" (\n    \"id\" SERIAL NOT NULL,\n    \"name\" TEXT NOT NULL,\n\n    CONSTRAINT \"Author_pkey\" PRIMARY KEY (\"id\")\n);\n\n" +
            "-- CreateTable\nCREATE TABLE \"Note\" (\n    \"id\" SERIAL NOT NULL,\n    \"body\" TEXT NOT NULL,\n" +
            "    \"title\" TEXT NOT NULL DEFAULT 'untitled',\n    \"rank\" INTEGER NOT NULL,\n    \"mood\" \"Mood\" NOT NULL,\n    \"authorId\" INTEGER NOT NULL,\n\n" +
            "    CONSTRAINT \"Note_pkey\" PRIMARY KEY (\"id\"),\n    CONSTRAINT \"Note_rank_check\" CHECK (\"rank\" >= 0)\n);\n\n" +
            "-- AddForeignKey\nALTER TABLE \"Note\" ADD CONSTRAINT \"Note_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"Author\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n"),
        (Tags, TagsSql.Replace("INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT", "SERIAL PRIMARY KEY", StringComparison.Ordinal)),
    ];

    /// <summary>A migration that changes rows, not the schema, for the history cases.</summary>
    public const string DataOnlySql = "-- Touch\nUPDATE \"Author\" SET \"name\" = \"name\";\n";

    private const string TagsSql =
        "-- CreateTable\nCREATE TABLE \"Tag\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"label\" TEXT NOT NULL,\n    \"slug\" TEXT NOT NULL\n);\n\n" +
        "-- CreateIndex\nCREATE INDEX \"Tag_label_idx\" ON \"Tag\"(\"label\");\n\n" +
        "-- CreateIndex\nCREATE UNIQUE INDEX \"Tag_slug_key\" ON \"Tag\"(\"slug\");\n\n" +
        "-- CreateView\nCREATE VIEW \"TagLabels\" AS SELECT \"label\" FROM \"Tag\";\n";

    public const string Manifest = "plugins/notes/plugin.json";

    public static string Script(string migration) => $"plugins/notes/migrations/{migration}/migration.sql";

    /// <summary>A hand-made change to the live database and the one finding it must produce.</summary>
    public sealed record Change(string Kind, string Code, string Path, string File);

    /// <summary>Each kind of drift, with its expected finding; the SQL is the provider's.</summary>
    public static IReadOnlyList<Change> Changes { get; } =
    [
        new("table", "SDB301", "Extra", Manifest),
        new("column", "SDB301", "Note.color", Script(Init)),
        new("type", "SDB303", "Note.rank", Script(Init)),
        new("nullability", "SDB303", "Note.body", Script(Init)),
        new("default", "SDB303", "Note.title", Script(Init)),
        new("index", "SDB302", "Tag.Tag_label_idx", Script(Tags)),
        new("unique", "SDB302", "Tag.Tag_slug_key", Script(Tags)),
        new("foreign key", "SDB302", "Note.Note_authorId_fkey", Script(Init)),
        new("check", "SDB303", "Note.Note_rank_check", Script(Init)),
        new("view", "SDB302", "TagLabels", Script(Tags)),
        new("enum", "SDB301", "Mood.ANGRY", Script(Init)),
    ];

    public static Change ChangeOf(string kind) => Changes.Single(c => c.Kind == kind);

    /// <summary>SQLite has no ALTER for types, constraints, defaults or NOT NULL: those rewrite the stored CREATE TABLE text.</summary>
    public static string[] SqliteSql(string kind) => kind switch
    {
        "table" => ["CREATE TABLE \"Extra\" (\"id\" INTEGER)"],
        "column" => ["ALTER TABLE \"Note\" ADD COLUMN \"color\" TEXT"],
        "type" => Rewrite("\"rank\" INTEGER NOT NULL", "\"rank\" BIGINT NOT NULL"),
        "nullability" => Rewrite("\"body\" TEXT NOT NULL", "\"body\" TEXT"),
        "default" => Rewrite("DEFAULT 'untitled'", "DEFAULT 'none'"),
        "index" => ["DROP INDEX \"Tag_label_idx\""],
        "unique" => ["DROP INDEX \"Tag_slug_key\""],
        "foreign key" => Rewrite(",\n    CONSTRAINT \"Note_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"Author\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE", ""),
        "check" => Rewrite("CHECK (\"rank\" >= 0)", "CHECK (\"rank\" >= 1)"),
        "view" => ["DROP VIEW \"TagLabels\""],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a SQLite change"),
    };

    public static string[] PostgresSql(string kind, string schema) => kind switch
    {
        "table" => [$"CREATE TABLE \"{schema}\".\"Extra\" (\"id\" INTEGER)"],
        "column" => [$"ALTER TABLE \"{schema}\".\"Note\" ADD COLUMN \"color\" TEXT"],
        "type" => [$"ALTER TABLE \"{schema}\".\"Note\" ALTER COLUMN \"rank\" TYPE BIGINT"],
        "nullability" => [$"ALTER TABLE \"{schema}\".\"Note\" ALTER COLUMN \"body\" DROP NOT NULL"],
        "default" => [$"ALTER TABLE \"{schema}\".\"Note\" ALTER COLUMN \"title\" SET DEFAULT 'none'"],
        "index" => [$"DROP INDEX \"{schema}\".\"Tag_label_idx\""],
        "unique" => [$"DROP INDEX \"{schema}\".\"Tag_slug_key\""],
        "foreign key" => [$"ALTER TABLE \"{schema}\".\"Note\" DROP CONSTRAINT \"Note_authorId_fkey\""],
        "check" => [$"ALTER TABLE \"{schema}\".\"Note\" DROP CONSTRAINT \"Note_rank_check\", ADD CONSTRAINT \"Note_rank_check\" CHECK (\"rank\" >= 1)"],
        "view" => [$"DROP VIEW \"{schema}\".\"TagLabels\""],
        "enum" => [$"ALTER TYPE \"{schema}\".\"Mood\" ADD VALUE 'ANGRY'"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a PostgreSQL change"),
    };

    private static string[] Rewrite(string from, string to) =>
    [
        "PRAGMA writable_schema = ON",
        $"UPDATE sqlite_schema SET sql = replace(sql, '{from.Replace("'", "''", StringComparison.Ordinal)}', '{to.Replace("'", "''", StringComparison.Ordinal)}') WHERE type = 'table' AND name = 'Note'",
        "PRAGMA writable_schema = OFF",
    ];

    /// <summary>Asserts the run found exactly the one finding <paramref name="change"/> expects, naming its object and migration.</summary>
    public static void AssertReported(Change change, IReadOnlyList<System.Text.Json.JsonElement> findings)
    {
        var finding = Assert.Single(findings);
        Assert.Equal(change.Code, finding.GetProperty("code").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(change.File, finding.GetProperty("file").GetString());
        var message = finding.GetProperty("message").GetString()!;
        Assert.Contains(" " + change.Path + " ", message, StringComparison.Ordinal);
        if (change.File != Manifest)
        {
            Assert.Contains("`" + change.File.Split('/')[^2] + "`", message, StringComparison.Ordinal);
            Assert.True(finding.GetProperty("line").GetInt32() > 0);
        }
    }
}
