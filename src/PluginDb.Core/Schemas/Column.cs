namespace PluginDb.Core.Schemas;

/// <summary>
/// A column. <see cref="Type"/> is normalised per provider (<see cref="SchemaNormalization.Type"/>);
/// <see cref="Default"/> is the normalised default expression, null when there is none (a sequence
/// default that makes the column serial is <see cref="Identity"/>, not a default).
/// </summary>
public sealed record Column(string Name, string Type, bool Nullable, string? Default, ColumnIdentity Identity = ColumnIdentity.None);
