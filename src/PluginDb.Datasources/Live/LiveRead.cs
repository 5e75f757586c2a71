namespace PluginDb.Datasources.Live;

/// <summary>
/// A read of a database for a drift check: what it holds, nothing (<see cref="Database"/> null and no
/// error: there is no such database), or why it could not be read (<see cref="Error"/>): a driver's or
/// the file system's exception becomes this at the datasource boundary, never the caller's to catch.
/// </summary>
public sealed record LiveRead(LiveDatabase? Database, string? Error)
{
    public static LiveRead Of(LiveDatabase? database) => new(database, null);

    public static LiveRead Failed(string error) => new(null, error);
}
