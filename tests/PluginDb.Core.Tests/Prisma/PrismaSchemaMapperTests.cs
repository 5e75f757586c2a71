using PluginDb.Core.Manifests;
using PluginDb.Core.Prisma;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Prisma;

public sealed class PrismaSchemaMapperTests
{
    private const string Blog = """
        datasource db {
          provider = "postgresql"
        }

        enum Role {
          USER
          ADMIN
        }

        model User {
          id        Int      @id @default(autoincrement())
          email     String   @unique
          uuid      String   @default(uuid()) @db.Uuid
          role      Role     @default(USER)
          roles     Role[]   @default([USER])
          createdAt DateTime @default(now()) @map("created_at")
          updatedAt DateTime @updatedAt
          price     Decimal
          ratio     Float    @default(0.25)
          active    Boolean  @default(true)
          data      Json?
          posts     Post[]
          tags      Tag[]
          @@map("users")
        }

        model Post {
          id       Int   @id @default(autoincrement())
          authorId Int?
          author   User? @relation(fields: [authorId], references: [id])
          ownerId  Int
          owner    Tag   @relation(fields: [ownerId], references: [id])
          @@index([authorId, ownerId])
          @@unique([ownerId, authorId], map: "own")
        }

        model Tag {
          id    String @id
          users User[]
          posts Post[]
          @@ignore
        }

        view V {
          id Int @unique
        }
        """;

    private static PrismaMapping Map(string text, DatabaseProvider provider) =>
        PrismaSchemaMapper.ToDatabaseSchema(PrismaSchemaParser.Parse(text), provider);

    [Fact]
    public void Postgres_types_defaults_keys_indexes_and_foreign_keys_follow_Prisma_Migrate()
    {
        var mapping = Map(Blog, DatabaseProvider.Postgresql);
        var schema = mapping.Schema;

        Assert.Equal([new EnumType("Role", ["USER", "ADMIN"])], schema.Enums);
        Assert.Equal(["users", "Post", "Tag", "_TagToUser"], schema.Tables.Select(t => t.Name));
        var users = schema.FindTable("users")!;
        Assert.Equal(new Column("id", "integer", false, null, ColumnIdentity.Serial), users.FindColumn("id"));
        Assert.Equal(new Column("uuid", "uuid", false, null), users.FindColumn("uuid"));
        Assert.Equal(new Column("role", "\"Role\"", false, "'USER'"), users.FindColumn("role"));
        Assert.Equal(new Column("roles", "\"Role\"[]", true, "ARRAY['USER'::\"Role\"]"), users.FindColumn("roles"));
        Assert.Equal(new Column("created_at", "timestamp(3) without time zone", false, "CURRENT_TIMESTAMP"), users.FindColumn("created_at"));
        Assert.Equal(new Column("updatedAt", "timestamp(3) without time zone", false, null), users.FindColumn("updatedAt"));
        Assert.Equal(new Column("price", "numeric(65,30)", false, null), users.FindColumn("price"));
        Assert.Equal(new Column("ratio", "double precision", false, "0.25"), users.FindColumn("ratio"));
        Assert.Equal(new Column("active", "boolean", false, "TRUE"), users.FindColumn("active"));
        Assert.Equal(new Column("data", "jsonb", true, null), users.FindColumn("data"));
        Assert.Equal(new PrimaryKey("users_pkey", ["id"]), users.PrimaryKey);
        Assert.Equal([new TableIndex("users_email_key", [IndexKey.Column("email")], true, null, null)], users.Indexes);
        Assert.False(mapping.Defaults.ContainsKey("users.uuid"));
        Assert.Equal(PrismaDefault.Of(PrismaLiteralKind.Enum, "USER"), mapping.Defaults["users.role"]);

        var post = schema.FindTable("Post")!;
        Assert.Equal(
            [
                new TableIndex("Post_authorId_ownerId_idx", [IndexKey.Column("authorId"), IndexKey.Column("ownerId")], false, null, null),
                new TableIndex("own", [IndexKey.Column("ownerId"), IndexKey.Column("authorId")], true, null, null),
            ],
            post.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal));
        Assert.Equal(
            [
                new ForeignKey("Post_authorId_fkey", ["authorId"], "users", ["id"], ReferentialAction.SetNull, ReferentialAction.Cascade),
                new ForeignKey("Post_ownerId_fkey", ["ownerId"], "Tag", ["id"], ReferentialAction.Restrict, ReferentialAction.Cascade),
            ],
            post.ForeignKeys);
        Assert.Null(schema.FindTable("V"));
        Assert.Equal(new PrismaSourceLocation("schema.prisma", 12, 3), mapping.Locate("users.email"));
    }

    [Fact]
    public void An_implicit_many_to_many_relation_gets_Prismas_join_table_per_provider()
    {
        var postgres = Map(Blog, DatabaseProvider.Postgresql).Schema.FindTable("_TagToUser")!;
        Assert.Equal([new Column("A", "text", false, null), new Column("B", "integer", false, null)], postgres.Columns);
        Assert.Equal(new PrimaryKey("_TagToUser_AB_pkey", ["A", "B"]), postgres.PrimaryKey);
        Assert.Equal([new TableIndex("_TagToUser_B_index", [IndexKey.Column("B")], false, null, null)], postgres.Indexes);
        Assert.Equal(["_TagToUser_A_fkey", "_TagToUser_B_fkey"], postgres.ForeignKeys.Select(f => f.Name));
        Assert.All(postgres.ForeignKeys, f => Assert.Equal((ReferentialAction.Cascade, ReferentialAction.Cascade), (f.OnDelete, f.OnUpdate)));

        var sqlite = Map(Blog.Replace("\"postgresql\"", "\"sqlite\"", StringComparison.Ordinal).Replace("@db.Uuid", "", StringComparison.Ordinal).Replace("roles     Role[]   @default([USER])", "", StringComparison.Ordinal), DatabaseProvider.Sqlite)
            .Schema.FindTable("_TagToUser")!;
        Assert.Null(sqlite.PrimaryKey);
        Assert.Equal(["_TagToUser_AB_unique", "_TagToUser_B_index"], sqlite.Indexes.Select(i => i.Name));
    }

    [Fact]
    public void Sqlite_types_are_Prismas_and_keys_are_inline()
    {
        var schema = Map("""
            datasource db {
              provider = "sqlite"
            }
            enum Role {
              USER
            }
            model User {
              id    Int      @id @default(autoincrement())
              big   BigInt
              f     Float
              d     Decimal
              b     Boolean  @default(false)
              at    DateTime @default(now())
              bytes Bytes
              role  Role     @default(USER)
            }
            """, DatabaseProvider.Sqlite).Schema;

        var user = schema.FindTable("User")!;
        Assert.Empty(schema.Enums);
        Assert.Equal(["INTEGER", "BIGINT", "REAL", "DECIMAL", "BOOLEAN", "DATETIME", "BLOB", "TEXT"], user.Columns.Select(c => c.Type));
        Assert.Equal(ColumnIdentity.Autoincrement, user.FindColumn("id")!.Identity);
        Assert.Equal(["FALSE", "CURRENT_TIMESTAMP", "'USER'"], new[] { "b", "at", "role" }.Select(c => user.FindColumn(c)!.Default));
        Assert.Equal(new PrimaryKey(null, ["id"]), user.PrimaryKey);
    }

    [Fact]
    public void Relation_mode_prisma_creates_no_foreign_keys()
    {
        var schema = Map(Blog.Replace("provider = \"postgresql\"", "provider = \"postgresql\"\n  relationMode = \"prisma\"", StringComparison.Ordinal), DatabaseProvider.Postgresql).Schema;

        Assert.All(schema.Tables, t => Assert.Empty(t.ForeignKeys));
    }

    [Fact]
    public void Postgres_names_are_cut_to_63_bytes_before_the_suffix_on_a_character_boundary()
    {
        var table = new string('t', 40);
        var column = new string('c', 30);

        Assert.Equal(new string('t', 40) + "_" + new string('c', 18) + "_idx", PrismaConstraintNames.Index(table, [column], DatabaseProvider.Postgresql));
        Assert.Equal(63, PrismaConstraintNames.ForeignKey(table, [column], DatabaseProvider.Postgresql).Length);
        Assert.Equal(new string('t', 58) + "_pkey", PrismaConstraintNames.PrimaryKey(new string('t', 70), DatabaseProvider.Postgresql));
        Assert.Equal(new string('t', 57) + "_pkey", PrismaConstraintNames.PrimaryKey(new string('t', 57) + "é" + "x", DatabaseProvider.Postgresql));
        Assert.Equal(table + "_" + column + "_key", PrismaConstraintNames.UniqueIndex(table, [column], DatabaseProvider.Sqlite));
    }

    [Fact]
    public void The_comparison_leaves_out_what_Prisma_ignores_and_reports_an_old_join_table_key_and_a_default_the_client_makes()
    {
        var mapping = Map(Blog, DatabaseProvider.Postgresql);
        var join = mapping.Schema.FindTable("_TagToUser")!;
        var oldJoin = join with { PrimaryKey = null, Indexes = [.. join.Indexes, new TableIndex("_TagToUser_AB_unique", [IndexKey.Column("A"), IndexKey.Column("B")], true, null, null)] };
        var users = mapping.Schema.FindTable("users")!;
        var withDbDefault = users with
        {
            Columns = users.Columns.Select(c => c.Name == "uuid" ? c with { Default = "gen_random_uuid()" } : c).ToList(),
            Checks = [new CheckConstraint("users_check", "ratio > 0")],
        };
        var actual = mapping.Schema with
        {
            Tables = mapping.Schema.Tables.Select(t => t.Name == "_TagToUser" ? oldJoin : t.Name == "users" ? withDbDefault : t).ToList(),
            Enums = [new EnumType("Role", ["ADMIN", "USER"])],
            Views = [new View("v", "SELECT 1")],
        };

        var result = PrismaComparison.Compare(mapping, actual, DatabaseProvider.Postgresql);

        // Prisma 7.10.1: ALTER TABLE "_TagToUser" ADD CONSTRAINT "_TagToUser_AB_pkey" PRIMARY KEY ("A", "B"); DROP INDEX "_TagToUser_AB_unique";
        // and ALTER COLUMN "uuid" DROP DEFAULT, as uuid() is the client's; enum values in another order are no difference.
        Assert.Equal(
            [
                (DifferenceKind.Missing, SchemaObjectType.PrimaryKey, "_TagToUser._TagToUser_AB_pkey", (string?)null),
                (DifferenceKind.Extra, SchemaObjectType.Index, "_TagToUser._TagToUser_AB_unique", null),
                (DifferenceKind.Changed, SchemaObjectType.Column, "users.uuid", "default"),
            ],
            result.Differences.Select(d => (d.Kind, d.ObjectType, d.Path, d.Property)));
        Assert.Equal([SchemaObjectType.Check, SchemaObjectType.View], result.IgnoredByPrisma.Select(i => i.Type));
    }

    private const string Docs = """
        datasource db {
          provider = "postgresql"
        }

        model Doc {
          id    Int    @id
          title String
          meta  Json
          tags  String[]
          at    DateTime
          @@index([title(ops: raw("gin_trgm_ops"))], type: Gin)
          @@index([meta(ops: JsonbPathOps)], type: Gin, map: "Doc_meta_path_idx")
          @@index([meta(ops: JsonbOps)], type: Gin, map: "Doc_meta_default_idx")
          @@index([tags(ops: ArrayOps)], type: Gin)
          @@index([at(ops: TimestampTzMinMaxMultiOps)], type: Brin)
          @@index([id(ops: Int4MinMaxOps)], type: Brin)
        }
        """;

    [Fact]
    public void Index_operator_classes_are_named_as_PostgreSQL_names_them_and_defaults_are_none()
    {
        var mapping = Map(Docs, DatabaseProvider.Postgresql);

        var keys = mapping.Schema.FindTable("Doc")!.Indexes.ToDictionary(i => i.Name, i => i.Keys.Single().OperatorClass);

        Assert.Equal("gin_trgm_ops", keys["Doc_title_idx"]);
        Assert.Equal("jsonb_path_ops", keys["Doc_meta_path_idx"]);
        Assert.Null(keys["Doc_meta_default_idx"]);
        Assert.Null(keys["Doc_tags_idx"]);
        Assert.Equal("timestamptz_minmax_multi_ops", keys["Doc_at_idx"]);
        Assert.Null(keys["Doc_id_idx"]);
    }

    [Fact]
    public void The_sql_for_a_missing_index_keeps_its_method_operator_classes_order_and_predicate()
    {
        var mapping = Map(Docs, DatabaseProvider.Postgresql);
        var doc = mapping.Schema.FindTable("Doc")!;
        var actual = mapping.Schema with { Tables = [doc with { Indexes = [.. doc.Indexes.Where(i => i.Name != "Doc_title_idx")] }] };

        var difference = Assert.Single(PrismaComparison.Compare(mapping, actual, DatabaseProvider.Postgresql).Differences);

        Assert.Equal("CREATE INDEX \"Doc_title_idx\" ON \"Doc\" USING GIN (\"title\" gin_trgm_ops);", MigrationSqlHint.For(difference, mapping.Schema, DatabaseProvider.Postgresql));
    }
}
