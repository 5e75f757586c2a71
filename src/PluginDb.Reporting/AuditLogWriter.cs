using System.Text.Json;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting;

/// <summary>
/// Appends <see cref="AuditEvent"/>s to <c>audit.jsonl</c>: one compact JSON object a line,
/// <c>{ "time", "plugin", "event", "outcome", "detail" }</c>. Plugins are provisioned and migrated in
/// parallel, so callers on several threads share one writer; a lock keeps each line whole and the file
/// is opened per event so a line is on disk before the next step starts (an audit log must survive a crash).
/// </summary>
public sealed class AuditLogWriter
{
    private readonly string path;
    private readonly Lock gate = new();

    public AuditLogWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        this.path = path;
    }

    public string Path => path;

    /// <summary>Appends one event as one line. Blocking on purpose: a single short append inside a lock.</summary>
    public void Append(AuditEvent auditEvent)
    {
        var line = ToJsonLine(auditEvent) + "\n";
        lock (gate)
        {
            File.AppendAllText(path, line, ReportText.Utf8);
        }
    }

    /// <summary>The JSON object for one event, without the line break.</summary>
    public static string ToJsonLine(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonText.Options(indented: false)))
        {
            writer.WriteStartObject();
            writer.WriteString("time", auditEvent.Time);
            writer.WriteString("plugin", auditEvent.Plugin);
            writer.WriteString("event", auditEvent.Event);
            writer.WriteString("outcome", auditEvent.Outcome);
            JsonText.WriteNullable(writer, "detail", auditEvent.Detail);
            writer.WriteEndObject();
        }
        return ReportText.Utf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
