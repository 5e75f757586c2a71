namespace PluginDb.Core.Tests.Manifests;

/// <summary>plugin.json texts the tests vary.</summary>
internal static class ManifestTestData
{
    /// <summary>The DESIGN.md example, with the files it names.</summary>
    public const string Papertrail = """
        {
          "id": "papertrail",
          "version": "1.4.0",
          "main": "dist/index.js",
          "sovereign": {
            "schemaVersion": 2,
            "database": {
              "mode": "exclusive-postgres",
              "provider": "postgresql",
              "schema": "papertrail",
              "migrations": { "directory": "migrations", "entryPoint": "scripts/migrate.js" },
              "limits": { "storageMb": 1024, "connections": 5 }
            }
          }
        }
        """;

    /// <summary>A plugin.json whose <c>sovereign.database</c> is <paramref name="database"/> (JSON object text).</summary>
    public static string WithDatabase(string database, string id = "sample") => $$"""
        {
          "id": "{{id}}",
          "sovereign": {
            "schemaVersion": 2,
            "database": {{database}}
          }
        }
        """;

    public static string WithoutDatabase(string id = "sample") => $$"""
        {
          "id": "{{id}}",
          "sovereign": { "schemaVersion": 2 }
        }
        """;
}
