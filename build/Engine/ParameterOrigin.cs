namespace PluginDb.Build.Engine;

/// <summary>Where a parameter's value came from; an argument wins over the environment, which wins over the default.</summary>
internal enum ParameterOrigin
{
    Default,
    Environment,
    Argument,
}
