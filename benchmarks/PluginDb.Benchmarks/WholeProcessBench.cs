using PluginDb.Datasources.Postgres;

namespace PluginDb.Benchmarks;

/// <summary>
/// What the whole-process benchmarks (drift, fleet-drift) share: our build script with the runner
/// compiled, Prisma's peer if installed, the corpus projects, the PostgreSQL server where a project
/// needs one, and a temp folder for the copies; the folder is removed and a started server stopped on
/// disposal.
/// </summary>
internal sealed class WholeProcessBench : IAsyncDisposable
{
    private WholeProcessBench(BuildScript ours, PrismaPeer? prisma, IReadOnlyList<CorpusProject> projects, BenchmarkServer? server, string work)
    {
        Ours = ours;
        Prisma = prisma;
        Projects = projects;
        Server = server;
        Work = work;
    }

    public BuildScript Ours { get; }

    /// <summary>Null when <c>PRISMA_PEER</c> names no installed peer.</summary>
    public PrismaPeer? Prisma { get; }

    public IReadOnlyList<CorpusProject> Projects { get; }

    /// <summary>Null when no corpus project is a PostgreSQL one.</summary>
    public BenchmarkServer? Server { get; }

    public string Work { get; }

    public static async Task<WholeProcessBench> StartAsync(string mode, IReadOnlyList<string> corpora, string? adminUrl, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var ours = await BuildScript.PrepareAsync(cancellationToken);
        var projects = corpora.SelectMany(CorpusProject.LoadAll).ToList();
        var server = projects.Any(p => p.IsPostgres) ? await BenchmarkServer.ObtainAsync(adminUrl, options, mode, cancellationToken) : null;
        var work = Directory.CreateTempSubdirectory($"plugindb-{mode}-bench-").FullName;
        return new WholeProcessBench(ours, PrismaPeer.FromEnvironment(), projects, server, work);
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing the benchmark for.
        }
    }

    public async ValueTask DisposeAsync()
    {
        DeleteQuietly(Work);
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
