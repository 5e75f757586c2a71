using Microsoft.Data.Sqlite;
using PluginDb.Core;
using PluginDb.Core.Drift;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Live;

/// <summary>
/// A live database a drift check compares with the migrations: a SQLite file opened read-only, or one
/// schema of a PostgreSQL database read in a read-only transaction. <see cref="Label"/> is how findings
/// name it; <see cref="Password"/> is the secret of its URL, for the caller to keep out of logs.
/// </summary>
public sealed class LiveSource
{
    private readonly Func<CancellationToken, Task<LiveDatabase?>> _read;

    private LiveSource(string label, string? password, Func<CancellationToken, Task<LiveDatabase?>> read)
    {
        Label = label;
        Password = password;
        _read = read;
    }

    public string Label { get; }

    public string? Password { get; }

    /// <summary>The SQLite database at <paramref name="path"/>, named as <paramref name="shownPath"/>.</summary>
    public static LiveSource Sqlite(string path, string shownPath) =>
        new($"database {shownPath}", null, ct => SqliteLiveReader.ReadAsync(path, ct));

    /// <summary>Schema <paramref name="schema"/> of the database a URL names.</summary>
    /// <exception cref="ArgumentException">The URL does not parse.</exception>
    public static LiveSource Postgres(string url, string schema)
    {
        var settings = PostgresConnectionStrings.Parse(url);
        return new LiveSource($"schema `{schema}` of {settings.Host}:{settings.Port}/{settings.Database}", settings.Password,
            ct => PostgresLiveReader.ReadAsync(settings.ConnectionString, schema, ct));
    }

    /// <summary>A project's live schema: the URL's <c>?schema=</c>, as Prisma reads it, else <c>public</c>.</summary>
    public static string ProjectSchemaOf(string url) =>
        url.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(url, UriKind.Absolute, out _)
            ? PostgresDatasourceUrl.Parse(url).Schema
            : PostgresProjectDatabase.Schema;

    public Task<LiveRead> ReadAsync(CancellationToken cancellationToken) => Guard(_read, cancellationToken);

    /// <summary>
    /// Reads the live database and compares it with <paramref name="expected"/>, what the plugin's
    /// <paramref name="migrations"/> produce (<see cref="LiveDriftCheck"/>); a database that cannot be read
    /// is SDB601, one that is not there SDB304.
    /// </summary>
    /// <returns>The findings, and a line for the log when the comparison was made.</returns>
    public async Task<(IReadOnlyList<Finding> Findings, string? Summary)> CompareAsync(
        DatabaseSchema expected, IReadOnlyList<LocalMigration> migrations, PluginManifest manifest, string displayBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var manifestFile = DisplayPath.Of(manifest.ManifestPath, displayBase);
        var read = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (read.Error is { } error)
        {
            return ([FindingCodes.DatasourceUnreachable.Create($"The live {Label} could not be read for the drift check: {error}", manifest.Id, manifestFile)], null);
        }
        if (read.Database is not { } actual)
        {
            return ([FindingCodes.LiveDatabaseNotFound.Create($"There is no live {Label} for {manifest.Id}, so its drift was not checked.", manifest.Id, manifestFile)], null);
        }
        var (differences, history, findings) = LiveDriftCheck.Compare(expected, actual.Schema, actual.History, migrations, manifest, Label, displayBase);
        return (findings, $"{Count(differences.Count, "difference")} from the migrations in the live {Label}, {Count(history.Count, "history finding")} in its _prisma_migrations");
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>Runs a read, turning what a driver or the file system throws into <see cref="LiveRead.Error"/>.</summary>
    internal static async Task<LiveRead> Guard(Func<CancellationToken, Task<LiveDatabase?>> read, CancellationToken cancellationToken)
    {
        try
        {
            return LiveRead.Of(await read(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is SqliteException or PostgresProtocolException or IOException
                                              or UnauthorizedAccessException or System.Net.Sockets.SocketException or Npgsql.NpgsqlException)
        {
            return LiveRead.Failed(exception.Message);
        }
    }
}
