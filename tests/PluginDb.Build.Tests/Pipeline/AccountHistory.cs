namespace PluginDb.Build.Tests.Pipeline;

/// <summary>A one-migration PostgreSQL history and a schema.prisma that declares one index more than it creates.</summary>
internal static class AccountHistory
{
    public const string Init = "-- CreateTable\nCREATE TABLE \"Account\" (\n    \"id\" SERIAL NOT NULL,\n    \"name\" TEXT NOT NULL,\n\n    CONSTRAINT \"Account_pkey\" PRIMARY KEY (\"id\")\n);\n";

    /// <summary><c>name</c> is <c>@unique</c>, which no migration creates: every drift check finds <c>Account_name_key</c> missing (SDB310).</summary>
    public const string Schema = """
        datasource db {
          provider = "postgresql"
          url      = env("PLUGIN_DATABASE_URL")
        }

        model Account {
          id   Int    @id @default(autoincrement())
          name String @unique
        }

        """;
}
