using PluginDb.Core.Findings;
using PluginDb.Core.Reports;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// What provisioning many plugins produced: the datasources that are ready, and a finding for
/// each plugin whose statements the server refused (the others are provisioned regardless).
/// </summary>
public sealed record PostgresProvisioning(
    IReadOnlyList<PostgresDatasource> Datasources,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>One audit event per plugin: provisioned or reused, or failed with the finding's message.</summary>
    public IReadOnlyList<AuditEvent> ToAuditEvents(DateTimeOffset time) =>
    [
        .. Datasources.Select(d => d.ToAuditEvent(time)),
        .. Findings.Select(f => new AuditEvent(time, f.Plugin ?? "", AuditEvents.Failed, AuditEvents.Failed, "provision: " + f.Message)),
    ];
}
