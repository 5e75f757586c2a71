using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Benchmarks;

/// <summary>
/// Provisions a fleet of exclusive-postgres plugins in one batch and runs the isolation probe over
/// them, on one server; each run in a fresh database with role names of its own, both dropped after it.
/// </summary>
internal static class FleetBenchmark
{
    /// <summary>The target for provisioning and probing a fleet of 50, as a pipeline run would.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    public const int ConnectionLimit = 5;

    public static async Task<string> RunAsync(PostgresSourceKind kind, PostgresServerOptions options, int plugins, int runs, CancellationToken cancellationToken)
    {
        var manifests = Manifests(plugins);
        Progress.Log($"fleet: starting a server ({PostgresSources.NameOf(kind)})");
        await using var server = await PostgresServerFactory.StartAsync(kind, options, cancellationToken);
        Progress.Log($"fleet: PostgreSQL {server.Version} ready ({server.Description})");
        var provision = new List<double>();
        var probe = new List<double>();
        var total = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            Progress.Log($"fleet: run {run} of {runs}, {plugins} plugins");
            var (provisioned, probed) = await RunOnceAsync(server, manifests, cancellationToken);
            provision.Add(provisioned);
            probe.Add(probed);
            total.Add(provisioned + probed);
        }

        var table = new TextTable("step", "median", "min", "max");
        foreach (var (step, values) in new[] { ("provision", provision), ("probe", probe), ("total", total) })
        {
            var samples = Samples.Of(values);
            table.Add(step, Samples.Format(samples.Median), Samples.Format(samples.Min), Samples.Format(samples.Max));
        }
        var median = Samples.MedianOf(total);
        var verdict = median < Target.TotalMilliseconds ? "under" : "NOT under";
        return string.Join(Environment.NewLine,
            $"{plugins} exclusive-postgres plugins on one {server.Source} server (PostgreSQL {server.Version}), median of {runs} run(s)",
            table.ToString().TrimEnd(),
            string.Create(CultureInfo.InvariantCulture, $"median total {Samples.Format(median)}: {verdict} the {Target.TotalSeconds:0} s target"),
            "");
    }

    /// <summary>Ids <c>bench_p001</c>…, schema = id, a connection limit of <see cref="ConnectionLimit"/>.</summary>
    public static IReadOnlyList<PluginManifest> Manifests(int count)
    {
        var root = Path.GetTempPath();
        return [.. Enumerable.Range(1, count).Select(i =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"bench_p{i:000}");
            return new PluginManifest(
                id,
                "1.0.0",
                2,
                new DatabaseSection(DatabaseMode.ExclusivePostgres, DatabaseProvider.Postgresql, id, null, new DatabaseLimits(null, ConnectionLimit)),
                root,
                Path.Combine(root, id, "plugin.json"));
        })];
    }

    private static async Task<(double Provision, double Probe)> RunOnceAsync(PostgresServer server, IReadOnlyList<PluginManifest> manifests, CancellationToken cancellationToken)
    {
        // Roles are cluster-wide: names carry the run's tag, so a run never reuses the roles of the one before.
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var database = "bench_fleet_" + tag;
        var roles = manifests.Select(m => RoleNameFor(m.Id, tag)).ToArray();
        await ExecuteAsync(server.AdminConnectionString, [$"CREATE DATABASE {PostgresIdentifiers.Quote(database)}"], cancellationToken);
        try
        {
            var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = database }.ConnectionString;
            await using var dataSource = NpgsqlDataSource.Create(admin);
            var provider = new PostgresRoleProvider(dataSource, PostgresEndpoint.FromConnectionString(admin), new InMemorySecretStore(), id => RoleNameFor(id, tag));

            var start = Stopwatch.GetTimestamp();
            var run = await provider.EnsureManyAsync(manifests, cancellationToken);
            var provisioned = Stopwatch.GetTimestamp();
            var findings = await IsolationProbe.RunAsync(run.Datasources, cancellationToken);
            var probed = Stopwatch.GetTimestamp();

            // Timings of a fleet that is not clean would time something else than the pipeline's path.
            var problems = run.Findings.Concat(findings).ToList();
            if (problems.Count > 0 || run.Datasources.Count != manifests.Count)
            {
                throw new InvalidOperationException(
                    $"The fleet is not clean ({run.Datasources.Count} of {manifests.Count} provisioned): " +
                    string.Join("; ", problems.Take(3).Select(f => $"{f.Code} {f.Message}")));
            }
            return (Stopwatch.GetElapsedTime(start, provisioned).TotalMilliseconds, Stopwatch.GetElapsedTime(provisioned, probed).TotalMilliseconds);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            // Dropping the database first leaves the roles owning nothing, so they drop without DROP OWNED.
            await ExecuteAsync(
                server.AdminConnectionString,
                [$"DROP DATABASE IF EXISTS {PostgresIdentifiers.Quote(database)} WITH (FORCE)", .. roles.Select(r => $"DROP ROLE IF EXISTS {PostgresIdentifiers.Quote(r)}")],
                CancellationToken.None);
        }
    }

    private static string RoleNameFor(string pluginId, string tag) => PostgresIdentifiers.RoleNameFor($"{pluginId}.{tag}");

    private static async Task ExecuteAsync(string connectionString, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
