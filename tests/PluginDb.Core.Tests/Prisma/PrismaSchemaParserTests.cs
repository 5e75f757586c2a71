using PluginDb.Core.Manifests;
using PluginDb.Core.Prisma;

namespace PluginDb.Core.Tests.Prisma;

public sealed class PrismaSchemaParserTests
{
    private const string Schema = """
        // comment
        generator client {
          provider        = "prisma-client-js"
          previewFeatures = ["metrics", "typedSql"]
        }

        datasource db {
          provider     = "postgres"
          url          = env("PLUGIN_DATABASE_URL")
          directUrl    = env("DIRECT")
          relationMode = "prisma"
        }

        /// A user.
        model User {
          id      String   @id @default(uuid(7)) @db.Uuid
          email   String   @unique(map: "u_email", sort: Desc) @map("e_mail")
          name    String?  @default("a \"quoted\" \\ name")
          tags    String[] @default([])
          score   Decimal  @default(-1.5) @db.Decimal(10, 2)
          geo     Unsupported("geometry(Point, 4326)")?
          role    Role     @default(USER)
          posts   Post[]   @relation("authored")
          seen    DateTime @updatedAt @ignore

          @@index([email(ops: raw("gin_trgm_ops")), name(sort: Desc)], type: Gin, map: "u_idx")
          @@map("users")
          @@schema("auth")
        }

        enum Role {
          USER  @map("user")
          ADMIN
          @@map("role")
        }

        view Active {
          id String @unique
        }

        type Address {
          street String
        }
        """;

    [Fact]
    public void Reads_blocks_fields_attributes_and_values_with_their_positions()
    {
        var schema = PrismaSchemaParser.Parse(Schema, "prisma/schema.prisma");

        Assert.Empty(schema.Findings);
        Assert.Equal("postgresql", schema.Datasource!.Provider);
        Assert.Equal(DatabaseProvider.Postgresql, schema.Provider);
        Assert.False(schema.UsesForeignKeys);
        Assert.Equal(["metrics", "typedSql"], schema.Generators[0].Property("previewFeatures")!.Value.Items.Select(i => i.Text));
        var url = schema.Datasource.Property("url")!.Value;
        Assert.True(url.IsFunction("env"));
        Assert.Equal("PLUGIN_DATABASE_URL", url.FirstString);

        var user = Assert.Single(schema.Models);
        Assert.Equal("users", user.DatabaseName);
        Assert.Equal(new PrismaSourceLocation("prisma/schema.prisma", 15, 1), user.Location);
        var id = user.FindField("id")!;
        Assert.Equal(new PrismaSourceLocation("prisma/schema.prisma", 16, 3), id.Location);
        Assert.Equal("uuid(7)", id.Attribute("default")!.Argument("value", 0)!.ToString());
        Assert.True(id.Has("db.Uuid"));
        var email = user.FindField("email")!;
        Assert.Equal("u_email", email.Attribute("unique")!.Argument("map")!.Text);
        Assert.Equal("Desc", email.Attribute("unique")!.Argument("sort")!.Text);
        Assert.Equal(new PrismaSourceLocation("prisma/schema.prisma", 17, 20), email.Attribute("unique")!.Location);
        Assert.Equal("a \"quoted\" \\ name", user.FindField("name")!.Attribute("default")!.Argument("value", 0)!.Text);
        Assert.Equal(PrismaFieldArity.Optional, user.FindField("name")!.Arity);
        Assert.Equal(PrismaFieldArity.List, user.FindField("tags")!.Arity);
        Assert.Equal("-1.5", user.FindField("score")!.Attribute("default")!.Argument("value", 0)!.Text);
        Assert.Equal(["10", "2"], user.FindField("score")!.Attribute("db.Decimal")!.Arguments.Select(a => a.Value.Text));
        Assert.Equal("geometry(Point, 4326)", user.FindField("geo")!.UnsupportedType);
        Assert.Equal("authored", user.FindField("posts")!.Attribute("relation")!.Argument("name", 0)!.Text);
        Assert.True(user.FindField("seen")!.Has("updatedAt") && user.FindField("seen")!.Has("ignore"));

        var index = user.Attribute("index")!;
        Assert.Equal("[email(ops: raw(\"gin_trgm_ops\")), name(sort: Desc)]", index.Argument("fields", 0)!.ToString());
        Assert.Equal("Gin", index.Argument("type")!.Text);
        Assert.Equal("auth", user.Attribute("schema")!.Argument("name", 0)!.Text);

        var role = Assert.Single(schema.Enums);
        Assert.Equal("role", role.DatabaseName);
        Assert.Equal(["user", "ADMIN"], role.Values.Select(v => v.DatabaseName));
        Assert.Equal("Active", Assert.Single(schema.Views).Name);
        Assert.Equal("Address", Assert.Single(schema.CompositeTypes).Name);
    }

    [Fact]
    public void A_syntax_error_is_a_finding_at_its_position_and_the_rest_is_still_read()
    {
        var schema = PrismaSchemaParser.Parse("""
            model A {
              id Int @id
              name String @default("unclosed)
              bad = 1
            }

            model B {
              id Int @id
            }
            """, "schema.prisma");

        Assert.Equal(
            [("SDB140", 3, 24), ("SDB140", 4, 7)],
            schema.Findings.Select(f => (f.Code, f.Line!.Value, f.Column!.Value)));
        Assert.Equal(["A", "B"], schema.Models.Select(m => m.Name));
        Assert.Equal(["id"], schema.Models.First().Fields.Select(f => f.Name));
    }

    // Each case was put to Prisma 7.10.1 (`prisma validate`): it reads all of these.
    [Fact]
    public void Block_comments_are_read_where_Prisma_reads_them()
    {
        var schema = PrismaSchemaParser.Parse("""
            /**
             * A user. */
            /* a */ /* b */
            model User { /* after the brace */
              /* before a field */ id Int @id
              email String /* at the end of a line */
              /*
               multi
               line
              */
              name String? /* a comment that
              ends on the next line */
              /* before an attribute */ @@index([email]) /* after it */
            } /* after the block */
            /* c */ model Post {
              id Int @id
            }
            """, "schema.prisma");

        Assert.Empty(schema.Findings);
        Assert.Equal(["User", "Post"], schema.Models.Select(m => m.Name));
        var user = schema.Models.First();
        Assert.Equal(["id", "email", "name"], user.Fields.Select(f => f.Name));
        Assert.Equal(6, user.FindField("email")!.Location.Line);
        Assert.Equal(11, user.FindField("name")!.Location.Line);
        Assert.Equal("index", Assert.Single(user.Attributes).Name);
    }

    // And Prisma 7.10.1 rejects each of these lines ("This line is not a valid field or attribute definition").
    [Theory]
    [InlineData("  id Int @id /* a */ @default(1)")]
    [InlineData("  id Int /* a */ @id")]
    [InlineData("  id /* a */ Int @id")]
    [InlineData("  id Int @id /* a */ /* b */")]
    [InlineData("  id Int @id /* a */ // b")]
    public void A_block_comment_between_the_words_of_a_line_is_a_syntax_error(string line)
    {
        var schema = PrismaSchemaParser.Parse("model A {\n" + line + "\n}\n", "schema.prisma");

        var finding = Assert.Single(schema.Findings);
        Assert.Equal(("SDB140", 2), (finding.Code, finding.Line!.Value));
    }

    [Fact]
    public void A_block_comment_left_open_is_a_syntax_error_where_it_starts()
    {
        var schema = PrismaSchemaParser.Parse("model A {\n  id Int @id\n}\n/* open\nmodel B {\n  id Int @id\n}\n", "schema.prisma");

        var finding = Assert.Single(schema.Findings);
        Assert.Equal(("SDB140", 4, 1), (finding.Code, finding.Line!.Value, finding.Column!.Value));
        Assert.Contains("not closed", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_without_its_closing_brace_is_reported_and_kept()
    {
        var schema = PrismaSchemaParser.Parse("model A {\n  id Int @id\n\nmodel B {\n  id Int @id\n}\n");

        var finding = Assert.Single(schema.Findings);
        Assert.Equal((4, 1), (finding.Line, finding.Column));
        Assert.Equal(["A", "B"], schema.Models.Select(m => m.Name));
    }

    [Fact]
    public void Stray_text_between_blocks_is_a_finding_not_a_crash()
    {
        var schema = PrismaSchemaParser.Parse("}\nmodle A {\n}\nmodel B {\n  id Int @id\n}\n");

        Assert.Equal([1, 2], schema.Findings.Select(f => f.Line!.Value));
        Assert.Equal("B", Assert.Single(schema.Models).Name);
    }

    [Fact]
    public void The_files_of_a_schema_folder_are_one_schema_each_element_naming_its_file()
    {
        var schema = PrismaSchemaParser.Parse(
        [
            new PrismaSourceFile("schema/a.prisma", "datasource db {\n  provider = \"sqlite\"\n}\n"),
            new PrismaSourceFile("schema/b.prisma", "model B {\n  id Int @id\n  x  Int @@\n}\n"),
        ]);

        Assert.Equal(["schema/a.prisma", "schema/b.prisma"], schema.Files);
        Assert.Equal(DatabaseProvider.Sqlite, schema.Provider);
        Assert.Equal("schema/b.prisma", Assert.Single(schema.Models).Location.File);
        Assert.Equal(("schema/b.prisma", 3), (Assert.Single(schema.Findings).File, Assert.Single(schema.Findings).Line!.Value));
    }

    [Fact]
    public void The_locator_prefers_the_schema_beside_the_migrations_then_prisma_then_the_plugin_folder()
    {
        var root = Directory.CreateTempSubdirectory("plugindb-prisma-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "db", "migrations"));
            Directory.CreateDirectory(Path.Combine(root, "prisma", "schema"));
            File.WriteAllText(Path.Combine(root, "schema.prisma"), "");
            File.WriteAllText(Path.Combine(root, "prisma", "schema", "b.prisma"), "");
            File.WriteAllText(Path.Combine(root, "prisma", "schema", "a.prisma"), "");

            Assert.Equal(["prisma/schema/a.prisma", "prisma/schema/b.prisma"], PrismaSchemaLocator.Load(root, "db/migrations").Select(f => f.Path));

            File.WriteAllText(Path.Combine(root, "db", "schema.prisma"), "");
            Assert.Equal(["db/schema.prisma"], PrismaSchemaLocator.Load(root, "db/migrations").Select(f => f.Path));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Theory]
    [InlineData("provider = \"postgresql\"\n  url = env(\"PLUGIN_DATABASE_URL\")", null)]
    [InlineData("provider = \"postgres\"\n  url = env(\"PLUGIN_DATABASE_URL\")", null)]
    [InlineData("provider = \"sqlite\"\n  url = env(\"PLUGIN_DATABASE_URL\")", "SDB142")]
    [InlineData("provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")", "SDB143")]
    [InlineData("provider = \"postgresql\"\n  url = \"postgresql://x\"", "SDB143")]
    [InlineData("provider = \"postgresql\"", "SDB144")]
    public void The_datasource_must_match_the_manifest_and_take_the_platform_url(string body, string? code)
    {
        var schema = PrismaSchemaParser.Parse("datasource db {\n  " + body + "\n}\n");

        var findings = PrismaManifestRules.Check(schema, DatabaseProvider.Postgresql, "p");

        Assert.Equal(code is null ? [] : [code], findings.Select(f => f.Code));
    }

    [Fact]
    public void A_schema_without_datasource_is_an_error()
    {
        var finding = Assert.Single(PrismaManifestRules.Check(PrismaSchemaParser.Parse("model A {\n  id Int @id\n}\n"), DatabaseProvider.Sqlite));

        Assert.Equal("SDB141", finding.Code);
    }
}
