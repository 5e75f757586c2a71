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

    /// <summary>
    /// A whole JSON file (<c>report.json</c>, <c>report.sarif</c>): indented UTF-8 without a BOM, ending with a
    /// newline, written by <paramref name="write"/>.
    /// </summary>
    public static void WriteDocument<T>(Stream stream, T value, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new Utf8JsonWriter(stream, Options(indented: true)))
        {
            write(writer, value);
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The text <see cref="WriteDocument"/> writes.</summary>
    public static string DocumentText<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        using var buffer = new MemoryStream();
        WriteDocument(buffer, value, write);
        return ReportText.Utf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the document to <paramref name="path"/>, replacing the file.</summary>
    /// <remarks>
    /// Synchronously: on Linux, FileStream's asynchronous writes are thread-pool work items, and for a
    /// file of a few KiB the thread pool's start-up and the hops cost far more than the write (docs/benchmarks.md,
    /// "Start-up"). The Task keeps callers unchanged should a report ever grow large enough to stream.
    /// </remarks>
    public static Task WriteDocumentFileAsync<T>(string path, T value, Action<Utf8JsonWriter, T> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        using var buffer = new MemoryStream();
        WriteDocument(buffer, value, write);
        File.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return Task.CompletedTask;
    }
}
