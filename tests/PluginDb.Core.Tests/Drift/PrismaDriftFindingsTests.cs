using PluginDb.Core.Drift;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Prisma;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Drift;

/// <summary>SDB310–SDB313: schema.prisma against what the migrations create, placed where a person fixes each.</summary>
public sealed class PrismaDriftFindingsTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "prisma-drift-findings");

    private const string Schema = """
        datasource db {
          provider = "postgresql"
        }

        model User {
          id    Int     @id @default(autoincrement())
          email String
          name  String? @default("anon")
          note  String?
        }
        """;

    private static readonly LocalMigration Init = Migration("20240101000000_init",
        "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, \"email\" TEXT NOT NULL, \"name\" TEXT,\n  CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n" +
        "CREATE INDEX \"User_email_idx\" ON \"User\"(\"email\");\nALTER TABLE \"User\" ADD CONSTRAINT \"User_email_check\" CHECK (email <> '');\n");

    private static LocalMigration Migration(string name, string script)
    {
        var directory = Path.Combine(Base, "migrations", name);
        return new LocalMigration(name, directory, Path.Combine(directory, "migration.sql"), script, MigrationChecksum.Of(script));
    }

    // The migrations' side, as the introspector reads Init.
    private static readonly DatabaseSchema Replayed = new(
        [
            new Table("User",
                [new Column("id", "integer", false, null, ColumnIdentity.Serial), new Column("email", "text", false, null), new Column("name", "text", true, null)],
                new PrimaryKey("User_pkey", ["id"]), [], [new TableIndex("User_email_idx", [IndexKey.Column("email")], false, null, null)], [],
                [new CheckConstraint("User_email_check", "email <> ''::text")]),
        ],
        [], [], []);

    private static IReadOnlyList<Finding> Findings()
    {
        var mapping = PrismaSchemaMapper.ToDatabaseSchema(PrismaSchemaParser.Parse(Schema, "schema.prisma"), DatabaseProvider.Postgresql);
        var comparison = PrismaComparison.Compare(mapping, Replayed, DatabaseProvider.Postgresql);
        return PrismaDriftFindings.Create(comparison, mapping, [Init], DatabaseProvider.Postgresql, "users", "plugins/users/schema.prisma",
            file => "plugins/users/" + file, Base);
    }

    [Fact]
    public void Each_difference_sits_where_a_person_fixes_it_and_says_what_a_migration_would_need()
    {
        var findings = Findings();

        Assert.Equal(
            [
                ("SDB312", "plugins/users/schema.prisma", 8),
                ("SDB310", "plugins/users/schema.prisma", 9),
                ("SDB311", "migrations/20240101000000_init/migration.sql", 3),
                ("SDB313", "plugins/users/schema.prisma", 0),
            ],
            findings.Select(f => (f.Code, f.File!, f.Line ?? 0)));
        Assert.All(findings, f => Assert.Equal("users", f.Plugin));
        Assert.Equal("column User.name: default is 'anon' in schema.prisma but none after the migrations. Create a migration for it (prisma migrate dev --create-only) and review it.",
            findings[0].Message);
        Assert.Equal("schema.prisma declares column User.note, but no migration creates it. A new migration would need:\nALTER TABLE \"User\" ADD COLUMN \"note\" text;",
            findings[1].Message);
        Assert.Equal("The migrations create index User.User_email_idx (in 20240101000000_init), but schema.prisma does not declare it: declare it in the schema, or drop it in a new migration. A new migration would need:\nDROP INDEX \"User_email_idx\";",
            findings[2].Message);
        Assert.Equal(14, findings[2].Column);
        Assert.Equal(Severity.Notice, findings[3].Severity);
        Assert.Contains("check User.User_email_check (Prisma does not manage CHECK constraints)", findings[3].Message, StringComparison.Ordinal);
    }
}
