using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

/// <summary>What a plugin's history asks beyond its schema, found in the files before a statement runs (SDB510, SDB511).</summary>
public sealed class MigrationReachTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "reach");

    private static LocalMigration Migration(string name, string script)
    {
        var directory = Path.Combine(Base, "migrations", name);
        return new LocalMigration(name, directory, Path.Combine(directory, "migration.sql"), script, MigrationChecksum.Of(script));
    }

    private static IReadOnlyList<Finding> Check(string[] extensions, params LocalMigration[] migrations) =>
        MigrationReach.Check(migrations, "notes", extensions, "notes", Base);

    [Fact]
    public void Names_qualified_with_public_are_one_finding_per_migration_listing_their_lines()
    {
        var findings = Check([], Migration("20240101000000_init", """
            -- CreateTable
            CREATE TABLE "public"."User" ("id" SERIAL NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
            CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" INTEGER NOT NULL);
            ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES public."User"("id");
            """));

        var finding = Assert.Single(findings);
        Assert.Equal(("SDB510", "migrations/20240101000000_init/migration.sql", 2, 14), (finding.Code, finding.File, finding.Line, finding.Column));
        Assert.StartsWith("Migration `20240101000000_init` names schema `public` at lines 2, 4, outside the plugin's schema `notes`.", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Remove the `\"public\".` qualifiers", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_own_schema_the_catalogs_table_columns_literals_and_comments_are_not_references()
    {
        Assert.Empty(Check([], Migration("20240101000000_init", """
            -- public.nothing in a comment
            CREATE TABLE "notes"."Note" ("id" INTEGER NOT NULL, "body" TEXT NOT NULL DEFAULT 'see public.help');
            UPDATE "Note" SET "body" = "Note"."body" || '' WHERE "Note"."id" > 0;
            SELECT pg_catalog.now(), information_schema."tables".table_name FROM information_schema."tables";
            /* "public"."User" */
            CREATE TEMPORARY TABLE "scratch" AS SELECT n.id FROM "Note" n;
            """)));
    }

    [Fact]
    public void A_schema_statement_and_the_names_in_a_schema_the_history_makes_are_reported()
    {
        var findings = Check([],
            Migration("20240101000000_schema", "CREATE SCHEMA IF NOT EXISTS \"public\";\nCREATE SCHEMA audit;\n"),
            Migration("20240102000000_log", "CREATE TABLE audit.log (id INTEGER);\nSET search_path TO audit, notes;\n"));

        Assert.Equal([("SDB510", 1), ("SDB510", 1)], findings.Select(f => (f.Code, f.Line!.Value)));
        Assert.Contains("creates schema `public` at line 1; creates schema `audit` at line 2", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("A plugin has exactly one schema, `notes`", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("names schema `audit` at lines 1, 2", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_must_be_asked_for_and_created_only_if_it_does_not_exist()
    {
        var findings = Check(["pg_trgm", "uuid-ossp"], Migration("20240101000000_ext", """
            CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
            CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
            CREATE EXTENSION pg_trgm;
            CREATE EXTENSION IF NOT EXISTS "pgcrypto";
            DROP EXTENSION IF EXISTS citext;
            """));

        Assert.Equal([("SDB511", 3), ("SDB511", 4), ("SDB511", 5)], findings.Select(f => (f.Code, f.Line!.Value)));
        Assert.Contains("without IF NOT EXISTS", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("Add \"pgcrypto\" to sovereign.database.extensions", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("drops extension `citext`", findings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_list_of_lines_is_cut_with_a_count()
    {
        var script = string.Concat(Enumerable.Range(1, 12).Select(i => $"CREATE TABLE \"public\".\"T{i}\" (\"id\" INTEGER);\n"));

        var finding = Assert.Single(Check([], Migration("20240101000000_many", script)));

        Assert.Contains("at lines 1, 2, 3, 4, 5, 6, 7, 8 and 4 more", finding.Message, StringComparison.Ordinal);
    }
}
