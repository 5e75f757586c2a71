using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
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

        HistoryCacheEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(bytes, HistoryCacheJson.Default.HistoryCacheEntry);
        }
        catch (JsonException exception)
        {
            return HistoryCacheLookup.Miss($"{path} is not a cache entry ({exception.Message})");
        }
        if (entry is null || entry.Format != HistoryKey.Format || !string.Equals(entry.Key, key, StringComparison.Ordinal))
        {
            return HistoryCacheLookup.Miss($"{path} was written for another key or cache format");
        }
        if (entry.Schema is null || !IsComplete(entry.Schema) || !string.Equals(Checksum(entry.Schema), entry.SchemaSha256, StringComparison.Ordinal))
        {
            return HistoryCacheLookup.Miss($"{path} does not match its own checksum");
        }
        return HistoryCacheLookup.Hit(entry);
    }

    /// <summary>Stores a replayed history's schema; the file appears whole or not at all.</summary>
    /// <exception cref="IOException">The cache folder cannot be written.</exception>
    public HistoryCacheEntry Write(string key, HistoryCacheEntry.Origin origin, DatabaseSchema schema, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(schema);
        var entry = new HistoryCacheEntry(HistoryKey.Format, key, origin, createdAt, Checksum(schema), schema);
        var path = PathFor(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(entry, HistoryCacheJson.Default.HistoryCacheEntry));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return entry;
    }

    private static string Checksum(DatabaseSchema schema) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(schema, HistoryCacheJson.Default.DatabaseSchema)));

    /// <summary>A hand-edited entry may leave lists out; the model's consumers expect every list present.</summary>
    private static bool IsComplete(DatabaseSchema schema) =>
        schema.Tables is not null && schema.Enums is not null && schema.Views is not null && schema.Sequences is not null
        && schema.Tables.All(t => t is not null && t.Name is not null && t.Columns is not null && t.UniqueConstraints is not null
            && t.Indexes is not null && t.ForeignKeys is not null && t.Checks is not null)
        && schema.Enums.All(e => e is not null && e.Values is not null);
}

/// <summary>One cached history: what it was replayed on, when, and the schema it produced.</summary>
/// <param name="SchemaSha256">SHA-256 of the schema as serialised, checked on every read.</param>
public sealed record HistoryCacheEntry(int Format, string Key, HistoryCacheEntry.Origin Source, DateTimeOffset CreatedAt, string SchemaSha256, DatabaseSchema Schema)
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

[JsonSourceGenerationOptions(UseStringEnumConverter = true, WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HistoryCacheEntry))]
[JsonSerializable(typeof(DatabaseSchema))]
internal sealed partial class HistoryCacheJson : JsonSerializerContext;
