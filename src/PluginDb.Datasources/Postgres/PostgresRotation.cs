using PluginDb.Core.Datasources;
using PluginDb.Core.Reports;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A password rotation. <see cref="OldPasswordRefused"/> is what the server answered when the
/// old password was tried after the change: true (refused, SQLSTATE 28P01), false (it still
/// logged in: the rotation did not take), null (no old password was known to try).
/// </summary>
public sealed record PostgresRotation(
    PluginDatasourceDescriptor Descriptor,
    string Role,
    string Password,
    bool? OldPasswordRefused)
{
    public string PluginId => Descriptor.PluginId;

    public AuditEvent ToAuditEvent(DateTimeOffset time) => new(
        time,
        PluginId,
        AuditEvents.Rotated,
        OldPasswordRefused == false ? AuditEvents.Failed : AuditEvents.Succeeded,
        OldPasswordRefused switch
        {
            true => $"role {Role}: new password set, old password refused by the server",
            false => $"role {Role}: new password set, but the old password still logs in",
            null => $"role {Role}: new password set; no old password was stored, so none was tried",
        });

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Descriptor = {Descriptor}, Role = {Role}, Password = {DatasourceUrls.Mask}, OldPasswordRefused = {OldPasswordRefused}");
        return true;
    }
}
