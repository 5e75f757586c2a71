using PluginDb.Core.Prisma;

namespace PluginDb.Fidelity.Tests;

/// <summary>The edit generator: every kind that fits a schema gives a schema that still parses, and changes it.</summary>
public sealed class SchemaEditsTests
{
    private const string Schema = """
        datasource db {
          provider = "postgresql"
        }

        enum Role {
          USER
          ADMIN
          GUEST
        }

        model User {
          id        Int      @id @default(autoincrement())
          email     String   @unique // login
          name      String?
          role      Role     @default(USER)
          createdAt DateTime @default(now())
          posts     Post[]

          @@index([createdAt])
        }

        model Post {
          id       Int    @id @default(autoincrement())
          title    String
          body     String
          authorId Int
          author   User   @relation(fields: [authorId], references: [id])
        }

        model Audit {
          id   Int    @id
          what String
        }
        """;

    [Fact]
    public void Every_kind_fits_a_schema_with_relations_enums_and_indexes_and_each_result_parses()
    {
        var edits = SchemaEdits.For([("schema.prisma", Schema)], postgres: true, SchemaEdits.Kinds.Count, 0);

        Assert.Equal(SchemaEdits.Kinds.Order(StringComparer.Ordinal), edits.Select(e => e.Kind).Order(StringComparer.Ordinal));
        Assert.All(edits, edit =>
        {
            var text = Assert.Single(edit.Files).Text;
            Assert.NotEqual(Schema, text);
            var parsed = PrismaSchemaParser.Parse(text);
            Assert.True(parsed.Findings.Count == 0, $"{edit.Kind}: {string.Join("; ", parsed.Findings.Select(f => f.Message))}\n{text}");
        });
    }

    [Fact]
    public void An_attribute_added_to_a_field_goes_before_its_comment()
    {
        var edit = SchemaEdits.For([("schema.prisma", Schema)], postgres: true, SchemaEdits.Kinds.Count, 0).Single(e => e.Kind == "map field");

        Assert.Contains("  email     String   @unique @map(\"email_renamed\") // login", edit.Files[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Kinds_that_only_postgresql_has_are_left_out_on_sqlite()
    {
        var edits = SchemaEdits.For([("schema.prisma", Schema.Replace("postgresql", "sqlite", StringComparison.Ordinal))], postgres: false, SchemaEdits.Kinds.Count, 0);

        Assert.DoesNotContain(edits, e => e.Kind is "native type" or "add hash index" or "add list field" or "add enum value");
    }
}
