using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PluginDb.Core.Findings;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Migrations;

/// <summary>
/// Replayed histories by content address (<see cref="HistoryKey"/>): the schema model a history's
/// migrations produce, so a drift check of an unchanged history reads the model instead of replaying
/// it. One JSON file per key, written whole and then renamed into place, so a reader never sees half an
/// entry and two runs writing the same key both leave a complete one. An entry that cannot be read,
/// was written for another key or format, or whose schema does not match the checksum stored with it
/// is reported as a miss with the reason, and the next replay overwrites it.
/// </summary>
public sealed class HistoryCache
{
    public HistoryCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The cache's folder; entries live in <c>&lt;first two hex digits&gt;/&lt;key&gt;.json</c> below it.</summary>
    public string Directory { get; }

    /// <summary>Whether the cache holds nothing at all (no folder, or an empty one): every lookup misses, whatever the key.</summary>
    public bool IsEmpty => !System.IO.Directory.Exists(Directory) || !System.IO.Directory.EnumerateFileSystemEntries(Directory).Any();

    public string PathFor(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Path.Combine(Directory, key[..2], key + ".json");
    }

    /// <summary>The entry for <paramref name="key"/>, or a miss saying why an existing file was not trusted.</summary>
    public HistoryCacheLookup Read(string key)
    {
        var path = PathFor(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return HistoryCacheLookup.Miss(null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return HistoryCacheLookup.Miss($"{path} could not be read ({exception.Message})");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || format.GetInt32() != HistoryKey.Format
                || !root.TryGetProperty("key", out var storedKey) || storedKey.GetString() != key)
            {
                return HistoryCacheLookup.Miss($"{path} was written for another key or cache format");
            }
            var schema = root.GetProperty("schema");
            if (root.GetProperty("schemaSha256").GetString() != Checksum(Encoding.UTF8.GetBytes(schema.GetRawText())))
            {
                return HistoryCacheLookup.Miss($"{path} does not match its own checksum");
            }
            var source = root.GetProperty("source");
            var origin = new HistoryCacheEntry.Origin(
                Required(source, "provider"),
                Required(source, "serverVersion"),
                source.GetProperty("migrations").GetInt32(),
                source.GetProperty("lastMigration").GetString());
            return HistoryCacheLookup.Hit(new HistoryCacheEntry(
                HistoryKey.Format, key, origin, root.GetProperty("createdAt").GetDateTimeOffset(), Required(root, "schemaSha256"), SchemaJson.Read(schema),
                root.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.Object ? ReadOutcome(outcome) : null));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return HistoryCacheLookup.Miss($"{path} is not a cache entry ({exception.Message})");
        }
    }

    /// <summary>
    /// Stores a replayed history's schema, and with <paramref name="outcome"/> how a replay that did not
    /// apply every migration ended; the file appears whole or not at all.
    /// </summary>
    /// <exception cref="IOException">The cache folder cannot be written.</exception>
    public HistoryCacheEntry Write(string key, HistoryCacheEntry.Origin origin, DatabaseSchema schema, DateTimeOffset createdAt, ReplayOutcome? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(schema);
        var schemaJson = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(schemaJson))
        {
            SchemaJson.Write(writer, schema);
        }
        var entry = new HistoryCacheEntry(HistoryKey.Format, key, origin, createdAt, Checksum(schemaJson.WrittenSpan), schema, outcome);
        var file = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(file))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", entry.Format);
            writer.WriteString("key", key);
            writer.WriteStartObject("source");
            writer.WriteString("provider", origin.Provider);
            writer.WriteString("serverVersion", origin.ServerVersion);
            writer.WriteNumber("migrations", origin.Migrations);
            writer.WriteString("lastMigration", origin.LastMigration);
            writer.WriteEndObject();
            writer.WriteString("createdAt", createdAt);
            writer.WriteString("schemaSha256", entry.SchemaSha256);
            writer.WritePropertyName("schema");
            writer.WriteRawValue(schemaJson.WrittenSpan, skipInputValidation: true);
            if (outcome is not null)
            {
                WriteOutcome(writer, outcome);
            }
            writer.WriteEndObject();
        }
        WriteWhole(PathFor(key), file.WrittenSpan.ToArray());
        return entry;
    }

    /// <summary>Where the script that makes a history's end state again (<see cref="WriteState"/>) is kept: beside its entry.</summary>
    public string StatePathFor(string key) => Path.ChangeExtension(PathFor(key), ".state.sql");

    /// <summary>
    /// Keeps a script that makes the end state of the history <paramref name="key"/> names again (a
    /// PostgreSQL schema's objects and rows), under a first line that names the key and the script's
    /// SHA-256; like an entry, the file appears whole or not at all.
    /// </summary>
    /// <exception cref="IOException">The cache folder cannot be written.</exception>
    public void WriteState(string key, string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        WriteWhole(StatePathFor(key), Encoding.UTF8.GetBytes($"{StateHeader}{key} {Checksum(Encoding.UTF8.GetBytes(script))}\n{script}"));
    }

    /// <summary>The script <see cref="WriteState"/> kept for <paramref name="key"/>, or null where there is none or it is not whole.</summary>
    public string? ReadState(string key)
    {
        string text;
        try
        {
            text = File.ReadAllText(StatePathFor(key), Encoding.UTF8);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0 || !text.StartsWith(StateHeader + key + " ", StringComparison.Ordinal))
        {
            return null;
        }
        var script = text[(newline + 1)..];
        return text[(StateHeader.Length + key.Length + 1)..newline] == Checksum(Encoding.UTF8.GetBytes(script)) ? script : null;
    }

    private const string StateHeader = "-- plugindb history state ";

    private static void WriteWhole(string path, byte[] bytes)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void WriteOutcome(Utf8JsonWriter writer, ReplayOutcome outcome)
    {
        writer.WriteStartObject("outcome");
        writer.WriteStartArray("applied");
        foreach (var name in outcome.Applied)
        {
            writer.WriteStringValue(name);
        }
        writer.WriteEndArray();
        writer.WriteString("failed", outcome.Failed);
        writer.WriteString("error", outcome.Error);
        writer.WriteString("databaseState", outcome.DatabaseState);
        writer.WriteStartArray("findings");
        foreach (var f in outcome.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("code", f.Code);
            writer.WriteString("severity", f.Severity.ToString());
            writer.WriteString("title", f.Title);
            writer.WriteString("message", f.Message);
            writer.WriteString("helpUri", f.HelpUri);
            writer.WriteString("migration", f.Migration);
            Number("line", f.Line);
            Number("column", f.Column);
            Number("endLine", f.EndLine);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();

        void Number(string name, int? value)
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

    private static ReplayOutcome ReadOutcome(JsonElement outcome) => new(
        [.. outcome.GetProperty("applied").EnumerateArray().Select(a => a.GetString() ?? throw new JsonException("\"applied\" holds a null."))],
        outcome.GetProperty("failed").GetString(),
        outcome.GetProperty("error").GetString(),
        [.. outcome.GetProperty("findings").EnumerateArray().Select(f => new ReplayOutcome.MigrationFinding(
            Required(f, "code"), Enum.Parse<Severity>(Required(f, "severity")), Required(f, "title"), Required(f, "message"),
            f.GetProperty("helpUri").GetString(), f.GetProperty("migration").GetString(),
            Optional(f, "line"), Optional(f, "column"), Optional(f, "endLine")))],
        Required(outcome, "databaseState"));

    private static int? Optional(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Number } number ? number.GetInt32() : null;

    private static string Required(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new JsonException($"\"{name}\" is null.");

    private static string Checksum(ReadOnlySpan<byte> schemaJson) => Convert.ToHexStringLower(SHA256.HashData(schemaJson));
}

/// <summary>One cached history: what it was replayed on, when, and the schema it produced.</summary>
/// <param name="SchemaSha256">SHA-256 of the schema's JSON text as stored, checked on every read.</param>
/// <param name="Outcome">How a replay that did not apply every migration ended; null when every one applied.</param>
public sealed record HistoryCacheEntry(int Format, string Key, HistoryCacheEntry.Origin Source, DateTimeOffset CreatedAt, string SchemaSha256, DatabaseSchema Schema, ReplayOutcome? Outcome = null)
{
    /// <summary>Where the history was replayed: provider, full server version, and its migrations.</summary>
    public sealed record Origin(string Provider, string ServerVersion, int Migrations, string? LastMigration);
}

/// <summary>A cache lookup: the entry, or why there is none (null for a plain miss).</summary>
public sealed record HistoryCacheLookup(HistoryCacheEntry? Entry, string? Problem)
{
    public static HistoryCacheLookup Hit(HistoryCacheEntry entry) => new(entry, null);

    public static HistoryCacheLookup Miss(string? problem) => new(null, problem);
}
