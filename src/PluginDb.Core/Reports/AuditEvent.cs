namespace PluginDb.Core.Reports;

/// <summary>One line of <c>audit.jsonl</c>: a lifecycle step of a plugin's datasource.</summary>
public sealed record AuditEvent(DateTimeOffset Time, string Plugin, string Event, string Outcome, string? Detail);

/// <summary>The event names of the audit log (a public contract).</summary>
public static class AuditEvents
{
    public const string Provisioned = "provisioned";
    public const string Reused = "reused";
    public const string Migrated = "migrated";
    public const string Rotated = "rotated";
    public const string TornDown = "torn-down";
    public const string Failed = "failed";

    public const string Succeeded = "succeeded";
    public const string Refused = "refused";
}
