namespace PluginDb.Build.Engine;

/// <summary>The parameter's value is never printed: help, plan and errors show <c>&lt;secret&gt;</c>.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class SecretAttribute : Attribute;
