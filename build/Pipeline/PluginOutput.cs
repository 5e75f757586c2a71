using PluginDb.Core.Findings;
using PluginDb.Core.Reports;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// What one plugin's step produces while plugins run side by side: its findings, audit events and log
/// lines, held back and handed to the run in plugin order, so the report, the audit log and the
/// console read the same whatever the scheduling.
/// </summary>
internal sealed class PluginOutput(RunState run)
{
    private readonly List<Finding> _findings = [];
    private readonly List<AuditEvent> _audit = [];
    private readonly List<string> _lines = [];

    /// <summary>Paths in findings are shown relative to this folder.</summary>
    public string DisplayBase => run.DisplayBase;

    public void Add(IEnumerable<Finding> findings) => _findings.AddRange(findings);

    public void Add(Finding finding) => _findings.Add(finding);

    public void Audit(string plugin, string @event, string outcome, string? detail) =>
        _audit.Add(new AuditEvent(DateTimeOffset.UtcNow, plugin, @event, outcome, detail));

    public void Audit(AuditEvent auditEvent) => _audit.Add(auditEvent);

    public void Log(string line) => _lines.Add(line);

    /// <summary>Hands everything to the run and the log, in the order it was produced.</summary>
    public void Flush(Action<string> log)
    {
        run.Add(_findings);
        foreach (var auditEvent in _audit)
        {
            run.Audit(auditEvent);
        }
        foreach (var line in _lines)
        {
            log(line);
        }
        _findings.Clear();
        _audit.Clear();
        _lines.Clear();
    }
}
