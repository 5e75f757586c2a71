using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PluginDb.Core;
using PluginDb.Core.Findings;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting;

/// <summary>
/// Writes <c>report.sarif</c>: the findings as a SARIF 2.1.0 log of one run, in the subset GitHub code
/// scanning reads (github/codeql-action/upload-sarif). Written with <see cref="Utf8JsonWriter"/>, like
/// <see cref="JsonReportWriter"/>, so the key order is fixed and the tool stays trimmable.
/// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
/// </summary>
public static class SarifWriter
{
    public const string ToolName = "PluginDb.Ci";

    public const string InformationUri = "https://github.com/sovereign/plugin-db-action";

    /// <summary>Finding paths are relative to the repository root, which the uploader knows and we do not.</summary>
    public const string SourceRootBaseId = "%SRCROOT%";

    /// <summary>
    /// Our own fingerprint key. Code scanning matches results across runs on partialFingerprints together
    /// with the rule; upload-sarif still adds its primaryLocationLineHash beside it when it can read the file.
    /// </summary>
    public const string FingerprintKey = "pluginDbFinding/v1";

    private const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>Writes the log as indented UTF-8 (no BOM), ending with a newline.</summary>
    public static void Write(RunReport report, Stream stream) => JsonText.WriteDocument(stream, report, WriteLog);

    /// <summary>The log as the text <see cref="Write"/> produces.</summary>
    public static string ToJson(RunReport report) => JsonText.DocumentText(report, WriteLog);

    /// <summary>Writes the log to <paramref name="path"/> (conventionally <c>report.sarif</c>), replacing the file.</summary>
    public static Task WriteFileAsync(RunReport report, string path, CancellationToken cancellationToken) =>
        JsonText.WriteDocumentFileAsync(path, report, WriteLog, cancellationToken);

    /// <summary>
    /// A fingerprint that stays the same while the finding means the same thing: code, plugin, file and
    /// message, but not the line, so an edit above the problem does not open a new alert.
    /// </summary>
    public static string Fingerprint(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        // A unit separator between the parts, so "a"+"bc" and "ab"+"c" differ.
        var identity = string.Join('\u001f', finding.Code, finding.Plugin ?? string.Empty, finding.File ?? string.Empty, finding.Message);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    private static void WriteLog(Utf8JsonWriter writer, RunReport report)
    {
        var rules = SarifRules.For(report.Findings);
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        WriteTool(writer, report, rules);
        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", true);
        writer.WriteString("startTimeUtc", report.StartedAt.UtcDateTime);
        writer.WriteString("endTimeUtc", report.FinishedAt.UtcDateTime);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("originalUriBaseIds");
        writer.WriteStartObject(SourceRootBaseId);
        WriteMessage(writer, "description", "The root of the repository checked; finding paths are relative to it.");
        writer.WriteEndObject();
        writer.WriteEndObject();
        // Our columns count UTF-16 code units (SourcePosition works on .NET strings); say so rather than rely on the default.
        writer.WriteString("columnKind", "utf16CodeUnits");
        writer.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            WriteResult(writer, finding, rules);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter writer, RunReport report, SarifRules rules)
    {
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", ToolName);
        writer.WriteString("version", report.Version);
        writer.WriteString("informationUri", InformationUri);
        writer.WriteStartArray("rules");
        foreach (var rule in rules.All)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Code);
            writer.WriteString("name", SarifRules.Name(rule));
            WriteMessage(writer, "shortDescription", rule.Title);
            WriteMessage(writer, "fullDescription", rule.Description);
            writer.WriteString("helpUri", rule.HelpUri);
            // GitHub code scanning shows a rule's help beside each alert and requires it (GH2012).
            writer.WriteStartObject("help");
            writer.WriteString("text", $"{rule.Description} Reference: {rule.HelpUri}");
            writer.WriteString("markdown", $"**{MarkdownText.Escape(rule.Title)}**\n\n{MarkdownText.Escape(rule.Description)}\n\n[{rule.Code} in the reference]({rule.HelpUri})");
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.Severity));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, Finding finding, SarifRules rules)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.Code);
        writer.WriteNumber("ruleIndex", rules.IndexOf(finding.Code));
        writer.WriteString("level", Level(finding.Severity));
        WriteMessage(writer, "message", finding.Message);
        if (finding.File is not null || finding.Plugin is not null)
        {
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            if (finding.File is { } file)
            {
                WritePhysicalLocation(writer, file, finding);
            }
            if (finding.Plugin is { } plugin)
            {
                // The plugin as a logical location: the only place a finding without a file can point to.
                writer.WriteStartArray("logicalLocations");
                writer.WriteStartObject();
                writer.WriteString("name", plugin);
                writer.WriteString("kind", "module");
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        writer.WriteStartObject("partialFingerprints");
        writer.WriteString(FingerprintKey, Fingerprint(finding));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// A file outside the working directory (DisplayPath keeps its full path) as a file URI, with no base;
    /// null for a path relative to the checkout.
    /// </summary>
    private static string? AbsoluteFileUri(string file) =>
        DisplayPath.IsRelative(file) ? null
        : file.StartsWith('/') ? MarkdownText.FileUri(file)
        : OtherSystemsFileUri(file);

    /// <summary>
    /// A full path of another system's form (a drive letter): System.Uri knows its file URI. A method of
    /// its own, so that writing a location does not load System.Uri on the way (see MarkdownText.UrlPath).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string? OtherSystemsFileUri(string file) =>
        Uri.TryCreate(file, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : null;

    private static void WritePhysicalLocation(Utf8JsonWriter writer, string file, Finding finding)
    {
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        if (AbsoluteFileUri(file) is { } fileUri)
        {
            writer.WriteString("uri", fileUri);
        }
        else
        {
            writer.WriteString("uri", MarkdownText.UrlPath(file));
            writer.WriteString("uriBaseId", SourceRootBaseId);
        }
        writer.WriteEndObject();
        // A finding about a whole file (a migration that failed before its first statement, a folder
        // that is missing) points at its start: a location without a region is one GitHub cannot
        // place in the file (SARIF2017).
        var line = finding.Line is { } given and > 0 ? given : 1;
        writer.WriteStartObject("region");
        writer.WriteNumber("startLine", line);
        if (finding.Line > 0 && finding.Column is { } column and > 0)
        {
            writer.WriteNumber("startColumn", column);
        }
        writer.WriteNumber("endLine", finding.EndLine is { } endLine && endLine >= line ? endLine : line);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, string name, string text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Notice => "note",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };
}
