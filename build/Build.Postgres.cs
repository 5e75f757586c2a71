using PluginDb.Build.Pipeline;
using PluginDb.Core.Findings;
using PluginDb.Core.Runs;
using PluginDb.Datasources.Postgres;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>
/// The run's PostgreSQL server, owned by <see cref="PostgresRunServer"/>: this part chooses its source from
/// the parameters, turns a server that cannot be had, or goes away, into exit code 3, and releases it.
/// </summary>
internal sealed partial class Build
{
    private PostgresRunServer? _server;

    private PostgresRunServer Server => _server ??= new PostgresRunServer(Postgres, new PostgresServerOptions
    {
        Url = PostgresUrl,
        Image = PostgresImage,
        DockerEndpoint = Env("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : null,
        SearchPath = Env("PATH"),
        DatabasePrefix = Project is null ? UrlPostgresSource.RunDatabasePrefix : PostgresProjectDatabase.DatabasePrefix,
    });

    private bool PostgresUrlGivenWhereNeeded => Postgres != PostgresSourceKind.Url || !string.IsNullOrWhiteSpace(PostgresUrl);

    /// <summary>The extensions <c>--allow-extensions</c> names.</summary>
    private HashSet<string> AllowedExtensions =>
        (AllowExtensions ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Runs work that may need the run's server (<paramref name="needsServer"/>): the first time, says
    /// which source starts it and when it is ready; a server that cannot be had is exit code 3.
    /// </summary>
    private async Task<T> WithServer<T>(Func<CancellationToken, Task<T>> work, bool needsServer, CancellationToken cancellationToken)
    {
        if (!needsServer)
        {
            return await work(cancellationToken);
        }
        if (!PostgresUrlGivenWhereNeeded)
        {
            throw new BuildStop(ExitCodes.UsageError, "--postgres url needs --postgres-url <url> naming the server.");
        }
        var first = Server.Server is null;
        if (first)
        {
            Log($"Starting PostgreSQL (--postgres {PostgresSources.NameOf(Postgres)})…");
        }
        try
        {
            var server = await Server.GetAsync(cancellationToken);
            if (first)
            {
                MaskSecret(server.AdminPassword);
                Log($"PostgreSQL {server.Version} ready ({server.Description}).");
            }
            return await work(cancellationToken);
        }
        catch (PostgresServerException exception)
        {
            throw new BuildStop(ExitCodes.InfrastructureError, exception.Message, exception);
        }
    }

    /// <summary>
    /// A server that went away mid-run is a fault of the run (exit 3) with one message, not a finding about
    /// every plugin: the findings of datasources it took down with it are taken back.
    /// </summary>
    private async Task StopIfServerDied(RunState run, string stage, CancellationToken cancellationToken)
    {
        if (_server?.Server is not { } server || await _server.AnswersAsync(cancellationToken))
        {
            return;
        }
        run.Remove(f => f.Code == FindingCodes.DatasourceUnreachable.Code);
        throw new BuildStop(ExitCodes.InfrastructureError,
            $"The PostgreSQL server of the run stopped answering during {stage} ({server.Description}); the run cannot go on. What it started is removed.");
    }

    /// <summary>Removes the run's server, and first the datasources on it, or under <c>--keep</c> says how to reach and remove it.</summary>
    private async Task ReleaseServer()
    {
        if (_server is null)
        {
            return;
        }
        await Run.DisposeDatasourcesAsync(onServer: true);
        var wasStarted = _server.Started && _server.Server is null;
        try
        {
            if (await _server.ReleaseAsync(Keep) is { } kept)
            {
                Log($"Kept PostgreSQL (--keep): {kept.Description}.");
                Log($"  connect: {kept.Connect}");
                Log($"  remove:  {kept.RemovalHint}");
            }
            else if (wasStarted)
            {
                Log("PostgreSQL was started, but no plugin got to use it; it is removed.");
            }
        }
        catch (PostgresServerException exception)
        {
            RaiseExitCode(ExitCodes.InfrastructureError);
            Log($"The run's PostgreSQL server could not be removed: {exception.Message}");
        }
    }

    /// <summary>In GitHub Actions, registers a secret with the runner before anything could print it.</summary>
    private void MaskSecret(string? secret)
    {
        if (InGitHubActions && !string.IsNullOrEmpty(secret))
        {
            Stdout.WriteLine(WorkflowCommandWriter.AddMask(secret));
        }
    }
}
