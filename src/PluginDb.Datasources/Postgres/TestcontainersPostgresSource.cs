using System.Net;
using System.Collections.Concurrent;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testcontainers.PostgreSql;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A throwaway PostgreSQL container through a Docker-API engine (Docker, or Podman's API service),
/// configured for speed over durability (Testcontainers' defaults: fsync, full-page writes and
/// synchronous commit off) with <see cref="PostgresSources.ThrowawayMaxConnections"/> connections,
/// and its data in memory (a tmpfs mount, for the reason <see cref="ThrowawayFolders"/> gives).
/// The image asks every TCP login for its password (SCRAM-SHA-256). Immutable: each <c>With…</c> returns a new source.
/// </summary>
public sealed class TestcontainersPostgresSource : IPostgresServerSource
{
    /// <summary>
    /// Pinned, never floating. It matches <c>.ci/postgres-image/TAG</c>, the image .ci/containers.sh
    /// builds where no registry can be reached; elsewhere it is the official image of that version.
    /// </summary>
    public const string DefaultImage = "docker.io/library/postgres:15.18";

    /// <summary>Every container this tool starts carries this label, with the run id as value.</summary>
    public const string RunLabel = "org.sovereign.plugindb-ci.run";

    private readonly Settings _settings;

    public TestcontainersPostgresSource()
        : this(new Settings(DefaultImage, null, TimeSpan.FromSeconds(90), ContainerEngineProbe.DefaultTimeout, new Dictionary<string, string>()))
    {
    }

    private TestcontainersPostgresSource(Settings settings) => _settings = settings;

    public string Name => PostgresSources.Testcontainers;

    public string Image => _settings.Image;

    /// <summary>From the image's tag (<c>postgres:15.18</c> → 15); null for a tag without a version.</summary>
    public Task<int?> PeekMajorVersionAsync(CancellationToken cancellationToken) => Task.FromResult(PostgresVersions.OfImage(Image));

    public TestcontainersPostgresSource WithImage(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        return new(_settings with { Image = image });
    }

    /// <summary>The engine to use; without one, <see cref="ContainerEngineProbe.Candidates"/> are tried.</summary>
    public TestcontainersPostgresSource WithDockerEndpoint(Uri? endpoint) => new(_settings with { Endpoint = endpoint });

    public TestcontainersPostgresSource WithStartupTimeout(TimeSpan timeout) => new(_settings with { StartupTimeout = timeout });

    public TestcontainersPostgresSource WithEngineProbeTimeout(TimeSpan timeout) => new(_settings with { ProbeTimeout = timeout });

    /// <summary>An extra label on the container, e.g. to find it from outside.</summary>
    public TestcontainersPostgresSource WithLabel(string name, string value) =>
        new(_settings with { Labels = new Dictionary<string, string>(_settings.Labels) { [name] = value } });

    /// <summary>The container's tmpfs mount that holds the server's data folder.</summary>
    public const string MemoryDataMount = "/var/lib/plugindb-ci";

    public async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = await ContainerEngineProbe.FindAsync(_settings.Endpoint, _settings.ProbeTimeout, cancellationToken)
            ?? throw new ContainerEngineUnavailableException(ContainerEngineProbe.NoEngineMessage(_settings.Endpoint));
        return await ServerStart.RunAsync(Name, _settings.StartupTimeout, (teardown, ct) => StartAsync(endpoint, teardown, ct), cancellationToken);
    }

    private async Task<PostgresServer> StartAsync(Uri endpoint, Teardown teardown, CancellationToken cancellationToken)
    {
        var runId = PostgresSources.NewRunId();
        var builder = new PostgreSqlBuilder(_settings.Image)
            .WithDockerEndpoint(endpoint)
            .WithLogger(NullLogger.Instance)
            .WithName("plugindb-ci-postgres-" + runId)
            .WithLabel(RunLabel, runId)
            // No resource reaper (Ryuk): its image cannot be pulled where no registry is reachable,
            // and the run removes its own container by the run label (below), also after a failed start.
            .WithCleanUp(false)
            .WithUsername("postgres")
            .WithPassword(PostgresSources.NewPassword())
            .WithDatabase("postgres")
            .WithCommand("-c", "max_connections=" + PostgresSources.ThrowawayMaxConnections.ToString(CultureInfo.InvariantCulture))
            // A folder of its own rather than the image's data volume: the official image from 18 on keeps
            // its data elsewhere and refuses to start with a mount at the old place. Its entrypoint makes
            // PGDATA and hands it to the server's account, as it does the volume.
            .WithTmpfsMount(MemoryDataMount)
            .WithEnvironment("PGDATA", MemoryDataMount + "/data")
            // Ready means a login over TCP answers, which ServerStart.WaitUntilReadyAsync checks from here
            // (below), every 50 ms; the start itself waits for nothing more than a running container. A wait
            // strategy of our own keeps the builder from adding its default, which runs pg_isready inside
            // the container, polled once a second: each try an exec round trip through the engine, and under
            // Podman an exec session whose monitor process (conmon) outlives the container.
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(new ReadyWhenRunning()));
        foreach (var (name, value) in _settings.Labels)
        {
            builder = builder.WithLabel(name, value);
        }

        if (endpoint.Scheme == "unix")
        {
            // The engine runs on this machine: publish the port on loopback only, not on every interface.
            builder = builder.WithCreateParameterModifier(BindPortsToLoopback);
        }

        var container = builder.Build();

        // Removing by label also catches a container the engine created while the start was being
        // cancelled, before Testcontainers learnt its id; without Ryuk, disposing only stops it.
        teardown.Add("remove the container", () => RemoveContainersAsync(endpoint, RunLabel, runId, CancellationToken.None));
        teardown.Add("dispose the container", async () => await container.DisposeAsync());

        try
        {
            await container.StartAsync(cancellationToken);
        }
        catch (DockerUnavailableException e)
        {
            throw new ContainerEngineUnavailableException(ContainerEngineProbe.NoEngineMessage(endpoint), e);
        }
        catch (TimeoutException e) when (cancellationToken.IsCancellationRequested)
        {
            // Testcontainers reports a cancelled readiness wait as a timeout; keep it a cancellation
            // so that the caller's Ctrl-C and our startup timeout stay distinguishable.
            throw new OperationCanceledException("The container start was cancelled.", e, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new PostgresStartupException($"The container engine at {endpoint} could not start {_settings.Image}: {e.Message}", e);
        }

        // A local engine publishes the port on 127.0.0.1 only (above), while Testcontainers names the
        // host "localhost" (unless TESTCONTAINERS_HOST_OVERRIDE names another), which may resolve to ::1 first.
        var host = container.Hostname == "localhost" ? IPAddress.Loopback.ToString() : container.Hostname;
        var connectionString = new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Host = host }.ConnectionString;
        var version = await ServerStart.WaitUntilReadyAsync(connectionString, cancellationToken);
        var description = $"{Name}: {_settings.Image} via {endpoint} on {host}:{container.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort)}";
        return new PostgresServer(PostgresSourceKind.Testcontainers, runId, connectionString, version, description, new ConcurrentDictionary<string, bool>(), teardown);
    }

    /// <summary>Force-removes every container (running or not) whose label <paramref name="label"/> is <paramref name="value"/>.</summary>
    public static async Task<int> RemoveContainersAsync(Uri endpoint, string label, string value, CancellationToken cancellationToken)
    {
        var found = await ListContainersAsync(endpoint, label, value, cancellationToken);
        using var client = new DockerClientBuilder().WithEndpoint(endpoint).Build();
        foreach (var id in found)
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
        }

        return found.Count;
    }

    /// <summary>The ids of every container (running or not) whose label <paramref name="label"/> is <paramref name="value"/>.</summary>
    public static async Task<IReadOnlyList<string>> ListContainersAsync(Uri endpoint, string label, string value, CancellationToken cancellationToken)
    {
        using var client = new DockerClientBuilder().WithEndpoint(endpoint).Build();
        var containers = await client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } },
            },
            cancellationToken);
        return containers.Select(c => c.ID).ToArray();
    }

    private static void BindPortsToLoopback(CreateContainerParameters parameters)
    {
        foreach (var binding in parameters.HostConfig?.PortBindings?.Values.SelectMany(b => b) ?? [])
        {
            binding.HostIP = "127.0.0.1";
        }
    }

    /// <summary>Passes at once: the container runs, and the tool's own login checks readiness (see where it is used).</summary>
    private sealed class ReadyWhenRunning : DotNet.Testcontainers.Configurations.IWaitUntil
    {
        public Task<bool> UntilAsync(DotNet.Testcontainers.Containers.IContainer container) => Task.FromResult(true);
    }

    private sealed record Settings(
        string Image,
        Uri? Endpoint,
        TimeSpan StartupTimeout,
        TimeSpan ProbeTimeout,
        IReadOnlyDictionary<string, string> Labels);
}
