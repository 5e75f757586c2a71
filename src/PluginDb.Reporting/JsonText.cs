using System.Text.Encodings.Web;
using System.Text.Json;

namespace PluginDb.Reporting;

/// <summary>The one way this library writes JSON, so <c>report.json</c> and <c>audit.jsonl</c> escape alike.</summary>
internal static class JsonText
{
    /// <summary>
    /// Relaxed escaping keeps messages readable (quotes, apostrophes, '&lt;', non-ASCII plugin names stay as
    /// written); the default encoder's extra escaping only matters for JSON pasted into HTML, which these
    /// files never are. The newline is fixed so the files are byte-identical on every platform.
    /// </summary>
    public static JsonWriterOptions Options(bool indented) => new()
    {
        Indented = indented,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
