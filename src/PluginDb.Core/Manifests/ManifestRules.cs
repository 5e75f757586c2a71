using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>
/// The rules a schema cannot express (SDB111..SDB118). They run only on a manifest that matched
/// the schema, so every value has its declared type here.
/// </summary>
internal static class ManifestRules
{
    private const string Database = "/sovereign/database";

    public static void Check(PluginManifest manifest, Func<string, SourcePosition?> positionOf, ManifestFindingList findings)
    {
        var database = manifest.Database;
        CheckProvider(database, positionOf, findings);
        CheckSchema(database, positionOf, findings);
        CheckLimits(database.Limits, positionOf, findings);
        if (database.Extensions.Count > 0 && database.Mode != DatabaseMode.ExclusivePostgres)
        {
            findings.Add(FindingCodes.ExtensionsNeedPostgres,
                $"Mode \"{database.Mode.ToManifestName()}\" gets no PostgreSQL extensions; only an exclusive-postgres plugin does.", positionOf(Database + "/extensions"));
        }
        if (database.Migrations is { } migrations)
        {
            CheckPath(manifest.RootDirectory, migrations.Directory, "migrations.directory", expectDirectory: true,
                positionOf(Database + "/migrations/directory"), findings);
            if (migrations.EntryPoint is { } entryPoint)
            {
                CheckPath(manifest.RootDirectory, entryPoint, "migrations.entryPoint", expectDirectory: false,
                    positionOf(Database + "/migrations/entryPoint"), findings);
            }
        }
    }

    private static void CheckProvider(DatabaseSection database, Func<string, SourcePosition?> positionOf, ManifestFindingList findings)
    {
        var at = positionOf(Database + "/provider");
        if (database.Provider == DatabaseProvider.Mysql)
        {
            // One finding, not also a mode mismatch: either way the fix is to pick another provider.
            findings.Add(FindingCodes.ProviderNotSupported,
                "The provider \"mysql\" is reserved by the manifest format but the platform cannot serve it; use sqlite or postgresql.", at);
            return;
        }
        var required = RequiredProvider(database.Mode);
        if (required is not null && database.Provider is { } provider && provider != required)
        {
            findings.Add(FindingCodes.ModeProviderMismatch,
                $"Mode \"{database.Mode.ToManifestName()}\" needs provider \"{required.Value.ToManifestName()}\", not \"{provider.ToManifestName()}\".", at);
        }
    }

    /// <summary>The provider an exclusive mode implies; null for shared, which may use either.</summary>
    public static DatabaseProvider? RequiredProvider(DatabaseMode mode) => mode switch
    {
        DatabaseMode.ExclusiveSqlite => DatabaseProvider.Sqlite,
        DatabaseMode.ExclusivePostgres => DatabaseProvider.Postgresql,
        _ => null,
    };

    private static void CheckSchema(DatabaseSection database, Func<string, SourcePosition?> positionOf, ManifestFindingList findings)
    {
        if (database.Mode != DatabaseMode.ExclusivePostgres)
        {
            return;
        }
        if (database.Schema is null)
        {
            findings.Add(FindingCodes.PostgresSchemaMissing,
                "An exclusive-postgres plugin must name its PostgreSQL schema in sovereign.database.schema.", positionOf(Database));
        }
        else if (PostgresSchemaName.Problem(database.Schema) is { } problem)
        {
            findings.Add(FindingCodes.PostgresSchemaInvalid, problem, positionOf(Database + "/schema"));
        }
    }

    private static void CheckLimits(DatabaseLimits limits, Func<string, SourcePosition?> positionOf, ManifestFindingList findings)
    {
        foreach (var (name, value) in new[] { ("storageMb", limits.StorageMb), ("connections", limits.Connections) })
        {
            if (value <= 0)
            {
                findings.Add(FindingCodes.LimitNotPositive,
                    $"limits.{name} is {value}; a limit must be a positive integer (leave it out for no limit).", positionOf($"{Database}/limits/{name}"));
            }
        }
    }

    private static void CheckPath(string root, string written, string name, bool expectDirectory, SourcePosition? at, ManifestFindingList findings)
    {
        var check = PluginPaths.Check(root, written, expectDirectory);
        var kind = expectDirectory ? "folder" : "file";
        (FindingCode Code, string Message)? problem = check.Problem switch
        {
            PathProblem.Absolute => (FindingCodes.PathEscapesPlugin, $"{name} \"{written}\" is absolute; write it relative to the plugin folder."),
            PathProblem.ParentSegment => (FindingCodes.PathEscapesPlugin, $"{name} \"{written}\" contains '..'; it must stay inside the plugin folder."),
            PathProblem.EscapesThroughLink => (FindingCodes.PathEscapesPlugin,
                $"{name} \"{written}\" goes through a symbolic link to {check.Resolved}, outside the plugin folder."),
            PathProblem.Unresolvable => (FindingCodes.PathNotFound, $"{name} \"{written}\" cannot be resolved: its symbolic links form a loop."),
            PathProblem.Missing => (FindingCodes.PathNotFound, $"{name} \"{written}\" does not exist in the plugin folder."),
            PathProblem.WrongKind => (FindingCodes.PathNotFound, $"{name} \"{written}\" exists but is not a {kind}."),
            PathProblem.InvalidCharacter => (FindingCodes.PathNotFound, $"{name} contains a NUL character (\\u0000), which no file name can hold."),
            _ => null,
        };
        if (problem is { } p)
        {
            findings.Add(p.Code, p.Message, at);
        }
    }
}
