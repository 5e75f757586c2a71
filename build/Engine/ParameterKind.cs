namespace PluginDb.Build.Engine;

/// <summary>The value types a parameter may have.</summary>
internal enum ParameterKind
{
    String,
    Boolean,
    Integer,
    Duration,
    Enum,
    StringArray,
}
