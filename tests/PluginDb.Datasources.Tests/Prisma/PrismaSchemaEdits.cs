using PluginDb.Core.Schemas;
using static PluginDb.Core.Schemas.DifferenceKind;
using Kind = PluginDb.Core.Schemas.SchemaObjectType;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>
/// Edits of two corpus schemas (indie-stack on SQLite, linkwarden on PostgreSQL) and the differences each
/// must produce against the unchanged history. The expectations are the recorded verdicts of Prisma 7.10.1
/// (<c>migrate diff --exit-code</c>: 2 for each edit, 0 for none); with <c>PRISMA_PEER</c> set, the tests
/// ask Prisma again.
/// </summary>
public static class PrismaSchemaEdits
{
    private const string Append = "\u0000append";

    public static string Project(bool postgres) => postgres ? "linkwarden" : "indie-stack";

    public static IEnumerable<object[]> Sqlite() => SqliteEdits.Select(e => new object[] { e.Name });

    public static IEnumerable<object[]> Postgres() => PostgresEdits.Select(e => new object[] { e.Name });

    public static PrismaSchemaEdit Find(bool postgres, string name) => (postgres ? PostgresEdits : SqliteEdits).Single(e => e.Name == name);

    /// <summary>Applies the edit; a find of <see cref="Append"/> adds the replacement at the end.</summary>
    public static string Apply(PrismaSchemaEdit edit, string schema) =>
        edit.Replacements.Count > 0 && edit.Replacements.All(r => r.Find == Append)
            ? schema + string.Concat(edit.Replacements.Select(r => r.Replace))
            : edit.Apply(schema);

    private static readonly PrismaSchemaEdit[] SqliteEdits =
    [
        new("none", [], []),
        new("add a field", [("  body  String\n", "  body  String\n  summary String?\n")], [(Missing, Kind.Column, "Note.summary")]),
        new("make a field optional", [("  title String\n", "  title String?\n")], [(Changed, Kind.Column, "Note.title")]),
        new("change a type", [("  hash String\n", "  hash Bytes\n")], [(Changed, Kind.Column, "Password.hash")]),
        new("add @unique", [("  title String\n", "  title String @unique\n")], [(Missing, Kind.Index, "Note.Note_title_key")]),
        new("add an @@index", [("  userId String\n}", "  userId String\n\n  @@index([userId])\n}")], [(Missing, Kind.Index, "Note.Note_userId_idx")]),
        new("drop a relation",
            [("  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade, onUpdate: Cascade)\n  userId String\n}", "  userId String\n}"),
             ("  notes    Note[]\n", string.Empty)],
            [(Extra, Kind.ForeignKey, "Note.Note_userId_fkey")]),
        new("@map a field", [("  body  String\n", "  body  String @map(\"content\")\n")], [(Extra, Kind.Column, "Note.body"), (Missing, Kind.Column, "Note.content")]),
        new("add a model", [(Append, "\nmodel Tag {\n  id   String @id @default(cuid())\n  name String @unique\n}\n")], [(Missing, Kind.Table, "Tag")]),
    ];

    private static readonly PrismaSchemaEdit[] PostgresEdits =
    [
        new("none", [], []),
        new("add a field", [("  url           String\n", "  url           String\n  etag          String?\n")], [(Missing, Kind.Column, "RssSubscription.etag")]),
        new("make a field optional", [("  color       String\n", "  color       String?\n")], [(Changed, Kind.Column, "Highlight.color")]),
        new("change a type", [("  text        String\n", "  text        String @db.VarChar(255)\n")], [(Changed, Kind.Column, "Highlight.text")]),
        new("add @unique", [("  url           String\n", "  url           String @unique\n")], [(Missing, Kind.Index, "RssSubscription.RssSubscription_url_key")]),
        new("add an @@index", [("  endOffset   Int\n", "  endOffset   Int\n\n  @@index([linkId, userId])\n")], [(Missing, Kind.Index, "Highlight.Highlight_linkId_userId_idx")]),
        new("drop a relation",
            [("  collection    Collection @relation(fields: [collectionId], references: [id], onDelete: Cascade)\n", string.Empty),
             ("  rssSubscriptions RssSubscription[]\n", string.Empty)],
            [(Extra, Kind.ForeignKey, "RssSubscription.RssSubscription_collectionId_fkey")]),
        new("@map a field", [("  comment     String?\n", "  comment     String? @map(\"note\")\n")], [(Extra, Kind.Column, "Highlight.comment"), (Missing, Kind.Column, "Highlight.note")]),
        new("add an enum value", [("  auto\n}", "  auto\n  sepia\n}")], [(Missing, Kind.EnumValue, "Theme.sepia")]),
        new("add a model", [(Append, "\nmodel Label {\n  id   Int    @id @default(autoincrement())\n  name String @unique\n}\n")],
            [(Missing, Kind.Table, "Label")]),
    ];

    public static IReadOnlyList<(DifferenceKind, SchemaObjectType, string)> Touched(IEnumerable<SchemaDifference> differences) =>
        differences.Select(d => (d.Kind, d.ObjectType, d.Path)).Distinct().OrderBy(t => t.Path, StringComparer.Ordinal).ToList();
}
