using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;

namespace PluginDb.Reporting.Tests;

public sealed class DescriptorJsonWriterTests
{
    [Fact]
    public void Writes_the_descriptor_with_the_password_masked_and_every_key_present()
    {
        var manifest = new PluginManifest("ledger", "2.0.0", 2,
            new DatabaseSection(DatabaseMode.ExclusivePostgres, DatabaseProvider.Postgresql, "ledger", null, new DatabaseLimits(1024, null)),
            "/plugins/ledger", "/plugins/ledger/plugin.json");
        var descriptor = new PluginDatasourceDescriptor("ledger", "postgresql://plugin_ledger:s3cret@db:5432/app?schema=ledger",
            DatabaseProvider.Postgresql, manifest, "file:secrets/ledger.pgpass");

        Assert.Equal(
            """
            {
              "pluginId": "ledger",
              "mode": "exclusive-postgres",
              "provider": "postgresql",
              "url": "postgresql://plugin_ledger:****@db:5432/app?schema=ledger",
              "secretsRef": "file:secrets/ledger.pgpass",
              "exists": true,
              "manifest": {
                "path": "/plugins/ledger/plugin.json",
                "version": "2.0.0",
                "schema": "ledger",
                "migrations": null,
                "entryPoint": null,
                "limits": {
                  "storageMb": 1024,
                  "connections": null
                }
              }
            }

            """,
            DescriptorJsonWriter.ToJson(manifest, descriptor, exists: true));
    }
}
