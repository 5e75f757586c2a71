using System.Text.Json;
using PluginDb.Core.Datasources;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting.Tests;

public sealed class JsonReportWriterTests
{
    private static readonly string[] ReportKeys = ["tool", "version", "startedAt", "finishedAt", "plugins", "findings"];
    private static readonly string[] PluginKeys = ["id", "mode", "provider", "datasource", "migrations", "sizeBytes", "storageLimitMb", "serverSource"];
    private static readonly string[] DatasourceKeys = ["url", "provider", "secretsRef"];
    private static readonly string[] FindingKeys = ["code", "severity", "plugin", "file", "line", "column", "endLine", "title", "message", "helpUri"];

    [Fact]
    public void Writes_the_public_contract_exactly()
    {
        var report = SampleReports.Failing with { Findings = [SampleReports.MigrationFailed, SampleReports.Unreachable] };

        Assert.Equal(
            """
            {
              "tool": "plugindb",
              "version": "0.1.0",
              "startedAt": "2025-03-14T09:26:53+00:00",
              "finishedAt": "2025-03-14T09:27:05.5+00:00",
              "plugins": [
                {
                  "id": "papertrail",
                  "mode": "exclusive-postgres",
                  "provider": "postgresql",
                  "datasource": {
                    "url": "postgresql://papertrail:****@127.0.0.1:5432/plugins?schema=papertrail",
                    "provider": "postgresql",
                    "secretsRef": "vault:plugins/papertrail"
                  },
                  "migrations": {
                    "applied": 3,
                    "failed": 1
                  },
                  "sizeBytes": 1572864,
                  "storageLimitMb": 1024,
                  "serverSource": "local"
                },
                {
                  "id": "notes",
                  "mode": "shared",
                  "provider": null,
                  "datasource": null,
                  "migrations": {
                    "applied": 0,
                    "failed": 0
                  },
                  "sizeBytes": null,
                  "storageLimitMb": null,
                  "serverSource": null
                }
              ],
              "findings": [
                {
                  "code": "SDB201",
                  "severity": "error",
                  "plugin": "papertrail",
                  "file": "examples/plugins/papertrail/migrations/20250101_init/migration.sql",
                  "line": 3,
                  "column": 1,
                  "endLine": null,
                  "title": "Migration failed",
                  "message": "syntax error at or near \"CREAT\"",
                  "helpUri": "https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb201"
                },
                {
                  "code": "SDB601",
                  "severity": "notice",
                  "plugin": "notes",
                  "file": null,
                  "line": null,
                  "column": null,
                  "endLine": null,
                  "title": "Datasource unreachable",
                  "message": "The shared datasource is not checked in this run.",
                  "helpUri": "https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb601"
                }
              ]
            }

            """,
            JsonReportWriter.ToJson(report));
    }

    [Fact]
    public void Every_key_is_present_in_contract_order_with_nulls_written_as_null()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(SampleReports.Failing));
        var root = json.RootElement;

        Assert.Equal(ReportKeys, root.EnumerateObject().Select(p => p.Name));
        var plugins = root.GetProperty("plugins").EnumerateArray().ToList();
        Assert.Equal(2, plugins.Count);
        Assert.All(plugins, p => Assert.Equal(PluginKeys, p.EnumerateObject().Select(k => k.Name)));
        Assert.Equal(DatasourceKeys, plugins[0].GetProperty("datasource").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, plugins[1].GetProperty("datasource").ValueKind);
        Assert.Equal(JsonValueKind.Null, plugins[1].GetProperty("provider").ValueKind);
        Assert.Equal(JsonValueKind.Null, plugins[1].GetProperty("sizeBytes").ValueKind);
        Assert.Equal(0, plugins[1].GetProperty("migrations").GetProperty("applied").GetInt32());

        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(4, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingKeys, f.EnumerateObject().Select(k => k.Name)));
        Assert.Equal(["warning", "notice", "error", "error"], findings.Select(f => f.GetProperty("severity").GetString()));
        var duplicate = findings[3];
        Assert.Equal(JsonValueKind.Null, duplicate.GetProperty("plugin").ValueKind);
        Assert.Equal(2, duplicate.GetProperty("line").GetInt32());
        Assert.Equal(9, duplicate.GetProperty("column").GetInt32());
        Assert.Equal(JsonValueKind.Null, duplicate.GetProperty("endLine").ValueKind);
        Assert.Equal(SampleReports.Started, root.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(SampleReports.Finished, root.GetProperty("finishedAt").GetDateTimeOffset());
    }

    [Fact]
    public void Writes_the_url_it_is_given_so_a_masked_url_carries_no_password()
    {
        var masked = DatasourceUrls.MaskPassword("postgresql://papertrail:s3cr%3At@db:5432/plugins?schema=papertrail");
        var report = SampleReports.Empty with
        {
            Plugins = [SampleReports.Papertrail with { Datasource = new DatasourceReport(masked, "postgresql", null) }],
        };

        var text = JsonReportWriter.ToJson(report);

        using var json = JsonDocument.Parse(text);
        var datasource = json.RootElement.GetProperty("plugins")[0].GetProperty("datasource");
        Assert.Equal("postgresql://papertrail:****@db:5432/plugins?schema=papertrail", datasource.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, datasource.GetProperty("secretsRef").ValueKind);
        Assert.DoesNotContain("s3cr", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_plugins_stays_readable_and_is_valid_json()
    {
        var finding = SampleReports.MigrationFailed with { Message = "können <nicht> 'x' & \"y\"\n\ttab \\ \u0001" };
        var report = SampleReports.Empty with { Findings = [finding] };

        var text = JsonReportWriter.ToJson(report);

        Assert.Contains("\"message\": \"können <nicht> 'x' & \\\"y\\\"\\n\\ttab \\\\ \\u0001\"", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(finding.Message, json.RootElement.GetProperty("findings")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task File_is_utf8_without_bom_with_lf_line_ends()
    {
        var path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.json");
        try
        {
            var report = SampleReports.Empty with { Tool = "plügindb" };

            await JsonReportWriter.WriteFileAsync(report, path, CancellationToken.None);

            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal((byte)'{', bytes[0]);
            Assert.DoesNotContain((byte)'\r', bytes);
            Assert.Equal((byte)'\n', bytes[^1]);
            Assert.Equal(JsonReportWriter.ToJson(report), System.Text.Encoding.UTF8.GetString(bytes));
            Assert.Equal(
                "{\n  \"tool\": \"plügindb\",\n  \"version\": \"0.1.0\",\n  \"startedAt\": \"2025-03-14T09:26:53+00:00\",\n  \"finishedAt\": \"2025-03-14T09:27:05.5+00:00\",\n  \"plugins\": [],\n  \"findings\": []\n}\n",
                System.Text.Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Timestamps_keep_their_offset()
    {
        var report = SampleReports.Empty with { StartedAt = new DateTimeOffset(2025, 3, 14, 10, 26, 53, 123, TimeSpan.FromHours(1)) };

        Assert.Contains("\"startedAt\": \"2025-03-14T10:26:53.123+01:00\"", JsonReportWriter.ToJson(report), StringComparison.Ordinal);
    }
}
