using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Reports;
using PluginDb.Reporting;

namespace PluginDb.Build.Pipeline;

/// <summary>What one pipeline run has gathered so far: the plugins, the findings, the audit log.</summary>
internal sealed class RunState(DateTimeOffset startedAt, string displayBase, string outDirectory, bool appendAudit = false)
{
    private readonly List<Finding> _findings = [];
    private readonly Lock _gate = new();
    private AuditLogWriter? _audit;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Paths in findings are shown relative to this folder: the working directory, or the repository in GitHub Actions.</summary>
    public string DisplayBase { get; } = displayBase;

    public string OutDirectory { get; } = outDirectory;

    public List<PluginState> Plugins { get; } = [];

    /// <summary>The data root of this run's datasources, once provisioning made or chose one.</summary>
    public string? DataRoot { get; set; }

    /// <summary>Whether the data root is this run's own throwaway folder, removed at the end.</summary>
    public bool DataRootIsTemporary { get; set; }

    public IReadOnlyList<Finding> Findings
    {
        get
        {
            lock (_gate)
            {
                return [.. _findings];
            }
        }
    }

    public void Add(IEnumerable<Finding> findings)
    {
        lock (_gate)
        {
            _findings.AddRange(findings);
        }
    }

    public void Add(Finding finding) => Add([finding]);

    /// <summary>Takes back findings a fault of the run explains better than they do (every plugin unreachable when the server died).</summary>
    public void Remove(Predicate<Finding> match)
    {
        lock (_gate)
        {
            _findings.RemoveAll(match);
        }
    }

    /// <summary>Disposes the plugins' datasources (only those on the run's server, with <paramref name="onServer"/>), once each.</summary>
    public async Task DisposeDatasourcesAsync(bool onServer = false)
    {
        foreach (var plugin in Plugins.Where(p => p.Datasource is not null && (!onServer || p.Datasource.OnServer)))
        {
            var datasource = plugin.Datasource!;
            plugin.TakenFrom ??= datasource.Source;
            plugin.Datasource = null;
            await datasource.DisposeAsync();
        }
    }

    /// <summary>
    /// Removes the run's throwaway data root, or with <paramref name="keep"/> says where it stays; a
    /// data root the user gave is never removed.
    /// </summary>
    public void ReleaseDataRoot(bool keep, Action<string> log)
    {
        if (DataRoot is not { } root || !DataRootIsTemporary)
        {
            return;
        }
        if (keep)
        {
            log($"Kept the throwaway data root {root} (--keep). Remove it with: rm -rf '{root}'");
            return;
        }
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The report of what the run gathered, finished at <paramref name="finishedAt"/>.</summary>
    public RunReport ToReport(string tool, string version, DateTimeOffset finishedAt) => new(tool, version, StartedAt, finishedAt,
        [
            .. Plugins.Select(p => new PluginReport(
                p.Id,
                p.Manifest?.Database.Mode.ToManifestName() ?? "unknown",
                p.Manifest?.Database.Provider?.ToManifestName(),
                p.Descriptor is { } d ? new DatasourceReport(d.MaskedUrl, d.Provider.ToManifestName(), d.SecretsRef) : null,
                p.MigrationResult is { } m ? new MigrationCounts(m.Applied.Count + m.AlreadyApplied.Count, m.Failed is null ? 0 : 1) : MigrationCounts.None,
                p.SizeBytes,
                p.Manifest?.Database.Limits.StorageMb,
                p.Source,
                p.Rehearsal)),
        ],
        Findings);

    /// <summary>
    /// Appends to <c>audit.jsonl</c> in the output folder. A pipeline run starts the file afresh (it
    /// tells of that run's throwaway datasources); the persistent targets add to it, as a lifecycle log does.
    /// </summary>
    public void Audit(string plugin, string @event, string outcome, string? detail) =>
        Audit(new AuditEvent(DateTimeOffset.UtcNow, plugin, @event, outcome, detail));

    /// <summary>Appends an event a provider described itself.</summary>
    public void Audit(AuditEvent auditEvent)
    {
        lock (_gate)
        {
            if (_audit is null)
            {
                Directory.CreateDirectory(OutDirectory);
                var path = Path.Combine(OutDirectory, "audit.jsonl");
                if (!appendAudit)
                {
                    File.Delete(path);
                }
                _audit = new AuditLogWriter(path);
            }
            _audit.Append(auditEvent);
        }
    }
}
