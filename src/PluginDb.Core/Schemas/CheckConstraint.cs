namespace PluginDb.Core.Schemas;

/// <summary>A <c>CHECK</c> constraint with its normalised expression (without the <c>CHECK</c> keyword and outer parentheses).</summary>
public sealed record CheckConstraint(string Name, string Expression);
