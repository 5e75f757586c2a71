using System.Text.Json;
using PluginDb.Core.Findings;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting;

/// <summary>
/// Writes <c>report.json</c>, the machine-readable outcome of a run. Its shape is a public contract
/// (see DESIGN.md): every key is always present, absent values are written as <c>null</c>, keys keep
/// their order. Written field by field with <see cref="Utf8JsonWriter"/> rather than by reflection so
/// the order is fixed by this code and the tool can be trimmed and compiled ahead of time.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>Writes the report as indented UTF-8 (no BOM), ending with a newline.</summary>
    public static void Write(RunReport report, Stream stream) => JsonText.WriteDocument(stream, report, WriteReport);

    /// <summary>The report as the text <see cref="Write"/> produces.</summary>
    public static string ToJson(RunReport report) => JsonText.DocumentText(report, WriteReport);

    /// <summary>Writes the report to <paramref name="path"/>, replacing the file.</summary>
    public static Task WriteFileAsync(RunReport report, string path, CancellationToken cancellationToken) =>
        JsonText.WriteDocumentFileAsync(path, report, WriteReport, cancellationToken);

    private static void WriteReport(Utf8JsonWriter writer, RunReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("tool", report.Tool);
        writer.WriteString("version", report.Version);
        writer.WriteString("startedAt", report.StartedAt);
        writer.WriteString("finishedAt", report.FinishedAt);
        writer.WriteStartArray("plugins");
        foreach (var plugin in report.Plugins)
        {
            WritePlugin(writer, plugin);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            WriteFinding(writer, finding);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePlugin(Utf8JsonWriter writer, PluginReport plugin)
    {
        writer.WriteStartObject();
        writer.WriteString("id", plugin.Id);
        writer.WriteString("mode", plugin.Mode);
        JsonText.WriteNullable(writer, "provider", plugin.Provider);
        if (plugin.Datasource is { } datasource)
        {
            // The URL is written as given: the caller masks the password (PluginDatasourceDescriptor.MaskedUrl).
            writer.WriteStartObject("datasource");
            writer.WriteString("url", datasource.Url);
            writer.WriteString("provider", datasource.Provider);
            JsonText.WriteNullable(writer, "secretsRef", datasource.SecretsRef);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("datasource");
        }
        writer.WriteStartObject("migrations");
        writer.WriteNumber("applied", plugin.Migrations.Applied);
        writer.WriteNumber("failed", plugin.Migrations.Failed);
        writer.WriteEndObject();
        JsonText.WriteNullable(writer, "sizeBytes", plugin.SizeBytes);
        // Additions to the contract go after its keys, so readers that index by position keep working.
        JsonText.WriteNullable(writer, "storageLimitMb", plugin.StorageLimitMb);
        JsonText.WriteNullable(writer, "serverSource", plugin.ServerSource);
        writer.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter writer, Finding finding)
    {
        writer.WriteStartObject();
        writer.WriteString("code", finding.Code);
        writer.WriteString("severity", ReportText.Name(finding.Severity));
        JsonText.WriteNullable(writer, "plugin", finding.Plugin);
        JsonText.WriteNullable(writer, "file", finding.File);
        JsonText.WriteNullable(writer, "line", finding.Line);
        JsonText.WriteNullable(writer, "column", finding.Column);
        JsonText.WriteNullable(writer, "endLine", finding.EndLine);
        writer.WriteString("title", finding.Title);
        writer.WriteString("message", finding.Message);
        JsonText.WriteNullable(writer, "helpUri", finding.HelpUri);
        writer.WriteEndObject();
    }
}
