using System.Text.Json;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting.Tests;

public sealed class AuditLogWriterTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2025, 3, 14, 9, 26, 53, 250, TimeSpan.Zero);
    private readonly string path = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void An_event_is_one_compact_object_in_contract_key_order()
    {
        var line = AuditLogWriter.ToJsonLine(new AuditEvent(Time, "papertrail", AuditEvents.Provisioned, AuditEvents.Succeeded, "schema papertrail, role papertrail"));

        Assert.Equal(
            "{\"time\":\"2025-03-14T09:26:53.25+00:00\",\"plugin\":\"papertrail\",\"event\":\"provisioned\",\"outcome\":\"succeeded\",\"detail\":\"schema papertrail, role papertrail\"}",
            line);
    }

    [Fact]
    public void A_missing_detail_is_written_as_null_and_a_multi_line_detail_stays_on_one_line()
    {
        Assert.Equal(
            "{\"time\":\"2025-03-14T09:26:53.25+00:00\",\"plugin\":\"notes\",\"event\":\"torn-down\",\"outcome\":\"succeeded\",\"detail\":null}",
            AuditLogWriter.ToJsonLine(new AuditEvent(Time, "notes", AuditEvents.TornDown, AuditEvents.Succeeded, null)));
        Assert.Equal(
            "{\"time\":\"2025-03-14T09:26:53.25+00:00\",\"plugin\":\"notes\",\"event\":\"failed\",\"outcome\":\"refused\",\"detail\":\"line one\\r\\nline two\"}",
            AuditLogWriter.ToJsonLine(new AuditEvent(Time, "notes", AuditEvents.Failed, AuditEvents.Refused, "line one\r\nline two")));
    }

    [Fact]
    public void Append_adds_lines_to_what_is_already_there()
    {
        File.WriteAllText(path, "{\"earlier\":true}\n");
        var log = new AuditLogWriter(path);

        log.Append(new AuditEvent(Time, "papertrail", AuditEvents.Migrated, AuditEvents.Succeeded, "3 migrations"));
        log.Append(new AuditEvent(Time, "papertrail", AuditEvents.Rotated, AuditEvents.Succeeded, null));

        Assert.Equal(
            "{\"earlier\":true}\n" +
            "{\"time\":\"2025-03-14T09:26:53.25+00:00\",\"plugin\":\"papertrail\",\"event\":\"migrated\",\"outcome\":\"succeeded\",\"detail\":\"3 migrations\"}\n" +
            "{\"time\":\"2025-03-14T09:26:53.25+00:00\",\"plugin\":\"papertrail\",\"event\":\"rotated\",\"outcome\":\"succeeded\",\"detail\":null}\n",
            File.ReadAllText(path));
        Assert.Equal((byte)'{', File.ReadAllBytes(path)[17]);
    }

    [Fact]
    public async Task Concurrent_callers_each_get_a_whole_line()
    {
        var log = new AuditLogWriter(path);
        var detail = new string('x', 2000);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            log.Append(new AuditEvent(Time, $"plugin-{i}", AuditEvents.Reused, AuditEvents.Succeeded, detail)))));

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(200, lines.Length);
        var plugins = lines.Select(l =>
        {
            using var json = JsonDocument.Parse(l);
            Assert.Equal(detail, json.RootElement.GetProperty("detail").GetString());
            return json.RootElement.GetProperty("plugin").GetString();
        }).ToHashSet();
        Assert.Equal(200, plugins.Count);
    }
}
