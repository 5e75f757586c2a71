using PluginDb.Core.Datasources;
using PluginDb.Core.Reports;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A plugin's schema/role pair as <see cref="PostgresRoleProvider.EnsureAsync"/> left it: the
/// descriptor to hand the plugin, the role's current password, and whether the role existed before.
/// <see cref="ExtensionSchemas"/> hold the extensions the manifest asks for (and those they need): the
/// role may use them, and they follow the plugin's schema on its search_path.
/// </summary>
public sealed record PostgresDatasource(
    PluginDatasourceDescriptor Descriptor,
    string Role,
    string Schema,
    int ConnectionLimit,
    string Password,
    bool Reused)
{
    public string PluginId => Descriptor.PluginId;

    public IReadOnlyList<string> ExtensionSchemas { get; init; } = [];

    public AuditEvent ToAuditEvent(DateTimeOffset time) => new(
        time,
        PluginId,
        Reused ? AuditEvents.Reused : AuditEvents.Provisioned,
        AuditEvents.Succeeded,
        $"role {Role}, schema {Schema}, connection limit {ConnectionLimit}, secret {Descriptor.SecretsRef}" +
        (ExtensionSchemas.Count > 0 ? $", extension schemas {string.Join(", ", ExtensionSchemas)}" : ""));

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Descriptor = {Descriptor}, Role = {Role}, Schema = {Schema}, ConnectionLimit = {ConnectionLimit}, Password = {DatasourceUrls.Mask}, Reused = {Reused}, ExtensionSchemas = {string.Join(", ", ExtensionSchemas)}");
        return true;
    }
}
