namespace PluginDb.Build.Engine;

/// <summary>A parameter with the value it was given for this run.</summary>
internal sealed record BoundParameter(BuildParameter Parameter, object? Value, ParameterOrigin Origin);
