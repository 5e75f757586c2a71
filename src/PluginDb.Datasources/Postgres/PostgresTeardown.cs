using PluginDb.Core.Reports;

namespace PluginDb.Datasources.Postgres;

/// <summary>What tearing a plugin's datasource down removed.</summary>
public sealed record PostgresTeardown(
    string PluginId,
    string Role,
    string Schema,
    bool SchemaDropped,
    bool RoleDropped,
    int SessionsTerminated)
{
    public AuditEvent ToAuditEvent(DateTimeOffset time) => new(
        time,
        PluginId,
        AuditEvents.TornDown,
        AuditEvents.Succeeded,
        $"schema {Schema} {(SchemaDropped ? "dropped" : "was absent")}, role {Role} {(RoleDropped ? "dropped" : "was absent")}, {SessionsTerminated} session(s) terminated");
}
