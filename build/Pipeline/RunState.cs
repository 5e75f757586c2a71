using PluginDb.Core.Findings;
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

    public List<PluginRun> Plugins { get; } = [];

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
