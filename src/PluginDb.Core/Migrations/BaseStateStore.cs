using PluginDb.Core.Schemas;

namespace PluginDb.Core.Migrations;

/// <summary>
/// Where a pull request's base is kept between checks: the history cache's entry for the base's
/// migrations (<paramref name="Key"/>, their content address), the schema model they produce, and beside
/// it the script that makes their end state again (<see cref="HistoryCache.WriteState"/>). A check of a
/// change on the same base restores that state instead of replaying the history, and takes the model
/// instead of reading the schema back.
/// </summary>
public sealed record BaseStateStore(HistoryCache Cache, string Key, HistoryCacheEntry.Origin Origin)
{
    /// <summary>The base's schema and its script, or null where either is missing or not whole.</summary>
    public (DatabaseSchema Schema, string Script)? Read() =>
        Cache.ReadState(Key) is { } script && Cache.Read(Key).Entry is { Outcome: null } entry ? (entry.Schema, script) : null;

    /// <summary>Keeps both, after a replay of the base that applied every migration.</summary>
    /// <exception cref="IOException">The cache folder cannot be written.</exception>
    public void Write(DatabaseSchema schema, string script, DateTimeOffset at)
    {
        Cache.Write(Key, Origin, schema, at);
        Cache.WriteState(Key, script);
    }
}
