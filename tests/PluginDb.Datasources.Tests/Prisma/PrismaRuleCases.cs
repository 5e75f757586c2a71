using PluginDb.Core.Schemas;
using static PluginDb.Core.Schemas.DifferenceKind;
using Kind = PluginDb.Core.Schemas.SchemaObjectType;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>
/// A small hand-written history, a schema.prisma, and the differences Prisma 7.10.1's
/// <c>migrate diff --from-migrations --to-schema</c> finds between them (none: "No difference detected").
/// Each case shows one rule of docs/prisma-semantics.md; with <c>PRISMA_PEER</c> set the tests ask Prisma too.
/// </summary>
public sealed record PrismaRuleCase(string Name, string Migration, string Models, IReadOnlyList<(DifferenceKind, SchemaObjectType, string)> Expected)
{
    public override string ToString() => Name;
}

public static class PrismaRuleCases
{
    public static IEnumerable<object[]> Postgres() => PostgresCases.Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> Sqlite() => SqliteCases.Select(c => new object[] { c.Name });

    public static PrismaRuleCase Find(bool postgres, string name) => (postgres ? PostgresCases : SqliteCases).Single(c => c.Name == name);

    private const string UserTable = "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, \"email\" TEXT NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n";

    private const string UserModel = "model User {\n  id    Int    @id @default(autoincrement())\n  email String\n}\n";

    private static readonly PrismaRuleCase[] PostgresCases =
    [
        new("a partial index is left alone without the partialIndexes preview feature",
            UserTable + "CREATE INDEX \"User_email_set_idx\" ON \"User\"(\"email\") WHERE \"email\" <> '';\n",
            UserModel, []),
        new("an expression index is not described",
            UserTable + "CREATE INDEX \"User_lower_idx\" ON \"User\"(lower(\"email\"));\nCREATE INDEX \"User_pattern_idx\" ON \"User\"(lower(\"email\") text_pattern_ops);\n",
            UserModel, []),
        new("a second unique index on the declared column is no difference",
            UserTable + "CREATE UNIQUE INDEX \"Member_email_key\" ON \"User\"(\"email\");\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\n",
            UserModel.Replace("email String", "email String @unique", StringComparison.Ordinal), []),
        new("an index of another name on the declared columns is renamed",
            UserTable + "CREATE UNIQUE INDEX \"User_mail_key\" ON \"User\"(\"email\");\n",
            UserModel.Replace("email String", "email String @unique", StringComparison.Ordinal),
            [(Changed, Kind.Index, "User.User_email_key")]),
        new("a scalar list is a list whatever its NOT NULL, and '{}' is []",
            "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"tags\" TEXT[] NOT NULL DEFAULT '{}', \"names\" TEXT[] DEFAULT ARRAY['a', 'b c']::TEXT[], " +
            "\"scores\" INTEGER[] DEFAULT '{1,2}', CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));\n",
            "model Post {\n  id     Int      @id @default(autoincrement())\n  tags   String[] @default([])\n  names  String[] @default([\"a\", \"b c\"])\n  scores Int[]    @default([1, 2])\n}\n",
            []),
        new("a list default the schema does not declare is a difference",
            "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"tags\" TEXT[] DEFAULT '{}', CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));\n",
            "model Post {\n  id   Int      @id @default(autoincrement())\n  tags String[]\n}\n",
            [(Changed, Kind.Column, "Post.tags")]),
        new("a join table keyed by the unique index of old Prisma versions is drift",
            "CREATE TABLE \"A\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"A_pkey\" PRIMARY KEY (\"id\"));\n" +
            "CREATE TABLE \"B\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"B_pkey\" PRIMARY KEY (\"id\"));\n" +
            "CREATE TABLE \"_AToB\" (\"A\" INTEGER NOT NULL, \"B\" INTEGER NOT NULL);\n" +
            "CREATE UNIQUE INDEX \"_AToB_AB_unique\" ON \"_AToB\"(\"A\", \"B\");\nCREATE INDEX \"_AToB_B_index\" ON \"_AToB\"(\"B\");\n" +
            "ALTER TABLE \"_AToB\" ADD CONSTRAINT \"_AToB_A_fkey\" FOREIGN KEY (\"A\") REFERENCES \"A\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE;\n" +
            "ALTER TABLE \"_AToB\" ADD CONSTRAINT \"_AToB_B_fkey\" FOREIGN KEY (\"B\") REFERENCES \"B\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE;\n",
            "model A {\n  id Int @id @default(autoincrement())\n  bs B[]\n}\n\nmodel B {\n  id Int @id @default(autoincrement())\n  as A[]\n}\n",
            [(Missing, Kind.PrimaryKey, "_AToB._AToB_AB_pkey"), (Extra, Kind.Index, "_AToB._AToB_AB_unique")]),
        new("a database default on a column the client fills in is a difference",
            "CREATE TABLE \"Doc\" (\"id\" TEXT NOT NULL DEFAULT gen_random_uuid(), \"done\" BOOLEAN NOT NULL DEFAULT 'true'::boolean, CONSTRAINT \"Doc_pkey\" PRIMARY KEY (\"id\"));\n",
            "model Doc {\n  id   String  @id @default(uuid())\n  done Boolean @default(true)\n}\n",
            [(Changed, Kind.Column, "Doc.id")]),
        new("a foreign key pairs by what it references and a new name is a rename",
            UserTable + "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"authorId\" INTEGER NOT NULL, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));\n" +
            "ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_author_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n",
            "model User {\n  id    Int    @id @default(autoincrement())\n  email String\n  posts Post[]\n}\n\n" +
            "model Post {\n  id       Int  @id @default(autoincrement())\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n",
            [(Changed, Kind.ForeignKey, "Post.Post_authorId_fkey")]),
        new("a time type without a precision is 6 in the database and any in the schema",
            "CREATE TABLE \"Event\" (\"id\" SERIAL NOT NULL, \"at\" TIMESTAMP NOT NULL, \"on\" TIMESTAMP NOT NULL, CONSTRAINT \"Event_pkey\" PRIMARY KEY (\"id\"));\n",
            "model Event {\n  id Int      @id @default(autoincrement())\n  at DateTime\n  on DateTime @db.Timestamp\n}\n",
            [(Changed, Kind.Column, "Event.at")]),
    ];

    private static readonly PrismaRuleCase[] SqliteCases =
    [
        new("an INTEGER primary key autoincrements whether the schema says so or not",
            "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" TEXT NOT NULL);\n" +
            "CREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
            "model User {\n  id    Int    @id\n  email String\n}\n\nmodel Tag {\n  id Int @id @default(autoincrement())\n}\n",
            []),
        new("SQLite compares type families and reads double-quoted defaults as strings",
            "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" VARCHAR(10) NOT NULL DEFAULT \"anon\", \"score\" INT NOT NULL DEFAULT 0);\n",
            "model User {\n  id    Int    @id\n  name  String @default(\"anon\")\n  score Int    @default(0)\n}\n",
            []),
        new("an inline UNIQUE is an index of another name",
            "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"email\" TEXT NOT NULL UNIQUE);\n",
            "model User {\n  id    Int    @id\n  email String @unique\n}\n",
            [(Changed, Kind.Index, "User.User_email_key")]),
        new("an expression index is not described on SQLite either",
            "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"email\" TEXT NOT NULL);\nCREATE INDEX \"User_lower_idx\" ON \"User\"(lower(\"email\"));\n",
            "model User {\n  id    Int    @id\n  email String\n}\n",
            []),
    ];
}
