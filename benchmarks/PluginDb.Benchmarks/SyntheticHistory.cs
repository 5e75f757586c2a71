using System.Globalization;
using System.Text;

namespace PluginDb.Benchmarks;

/// <summary>
/// A long PostgreSQL migration history written as Prisma writes one, the same every time: one migration
/// in eight creates a table, the others change the tables there are (add a column, index one, add a
/// foreign key, change a type, add an enum column, rename a column, now and then drop an index), so the
/// history is much longer than the schema it ends with, as a project's history is after years.
/// </summary>
internal static class SyntheticHistory
{
    /// <summary>Writes <paramref name="count"/> migrations under <paramref name="migrationsDirectory"/>; returns their folder names in order.</summary>
    public static IReadOnlyList<string> Write(string migrationsDirectory, int count)
    {
        Directory.CreateDirectory(migrationsDirectory);
        File.WriteAllText(Path.Combine(migrationsDirectory, "migration_lock.toml"), "provider = \"postgresql\"\n");
        var tables = new List<Table>();
        var names = new List<string>();
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var sql = new StringBuilder();
            var kind = tables.Count < 4 ? 0 : i % 8;
            var table = tables.Count == 0 ? null : tables[i * 7 % tables.Count];
            switch (kind)
            {
                case 0:
                    var created = new Table($"T{tables.Count}");
                    tables.Add(created);
                    sql.Append(CultureInfo.InvariantCulture, $"""
                        -- CreateTable
                        CREATE TABLE "{created.Name}" (
                            "id" SERIAL NOT NULL,
                            "name" TEXT NOT NULL,
                            "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

                            CONSTRAINT "{created.Name}_pkey" PRIMARY KEY ("id")
                        );

                        """);
                    break;
                case 1 or 2:
                    table!.Columns.Add($"c{i}");
                    sql.Append(CultureInfo.InvariantCulture, $"-- AlterTable\nALTER TABLE \"{table.Name}\" ADD COLUMN \"c{i}\" TEXT;\n");
                    break;
                case 3:
                    var column = table!.Columns.Count > 0 ? table.Columns[^1] : "name";
                    table.Indexes.Add($"{table.Name}_{column}_{i}_idx");
                    sql.Append(CultureInfo.InvariantCulture, $"-- CreateIndex\nCREATE INDEX \"{table.Indexes[^1]}\" ON \"{table.Name}\"(\"{column}\");\n");
                    break;
                case 4:
                    var referenced = tables[i % tables.Count];
                    sql.Append(CultureInfo.InvariantCulture, $"""
                        -- AlterTable
                        ALTER TABLE "{table!.Name}" ADD COLUMN "ref{i}" INTEGER;

                        -- AddForeignKey
                        ALTER TABLE "{table.Name}" ADD CONSTRAINT "{table.Name}_ref{i}_fkey" FOREIGN KEY ("ref{i}") REFERENCES "{referenced.Name}"("id") ON DELETE SET NULL ON UPDATE CASCADE;

                        """);
                    break;
                case 5:
                    table!.Narrow = !table.Narrow;
                    sql.Append(CultureInfo.InvariantCulture, $"-- AlterTable\nALTER TABLE \"{table.Name}\" ALTER COLUMN \"name\" SET DATA TYPE {(table.Narrow ? "VARCHAR(200)" : "TEXT")};\n");
                    break;
                case 6:
                    sql.Append(CultureInfo.InvariantCulture, $"""
                        -- CreateEnum
                        CREATE TYPE "E{i}" AS ENUM ('A', 'B', 'C');

                        -- AlterTable
                        ALTER TABLE "{table!.Name}" ADD COLUMN "e{i}" "E{i}" NOT NULL DEFAULT 'A';

                        """);
                    break;
                default:
                    if (i % 40 == 39 && table!.Indexes.Count > 0)
                    {
                        sql.Append(CultureInfo.InvariantCulture, $"-- DropIndex\nDROP INDEX \"{table.Indexes[0]}\";\n");
                        table.Indexes.RemoveAt(0);
                    }
                    else if (table!.Columns.Count > 0)
                    {
                        var old = table.Columns[0];
                        table.Columns[0] = $"r{i}";
                        sql.Append(CultureInfo.InvariantCulture, $"-- AlterTable\nALTER TABLE \"{table.Name}\" RENAME COLUMN \"{old}\" TO \"r{i}\";\n");
                    }
                    else
                    {
                        sql.Append(CultureInfo.InvariantCulture, $"-- AlterTable\nALTER TABLE \"{table.Name}\" ADD COLUMN \"c{i}\" INTEGER NOT NULL DEFAULT 0;\n");
                    }
                    break;
            }
            var name = $"{start.AddMinutes(i).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}_step_{i}";
            Directory.CreateDirectory(Path.Combine(migrationsDirectory, name));
            File.WriteAllText(Path.Combine(migrationsDirectory, name, "migration.sql"), sql.ToString());
            names.Add(name);
        }
        return names;
    }

    /// <summary>The pull request's migration: a required column with a default and an index on it, on the history's first table.</summary>
    public const string Change = """
        -- AlterTable
        ALTER TABLE "T0" ADD COLUMN "archived" BOOLEAN NOT NULL DEFAULT false;

        -- CreateIndex
        CREATE INDEX "T0_archived_idx" ON "T0"("archived");

        """;

    private sealed class Table(string name)
    {
        public string Name { get; } = name;

        public List<string> Columns { get; } = [];

        public List<string> Indexes { get; } = [];

        public bool Narrow { get; set; }
    }
}
