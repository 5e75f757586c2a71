namespace PluginDb.Build.Engine;

/// <summary>
/// Marks a field or settable property of a build as a parameter, bound from <c>--kebab-case value</c>
/// or the environment variable <c>PLUGINDB_UPPER_SNAKE</c>; the initializer is the default.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>The kebab-case name when the member's name does not give the right one.</summary>
    public string? Name { get; init; }
}
