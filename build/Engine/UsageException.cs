namespace PluginDb.Build.Engine;

/// <summary>The command line (or the build's own definition) cannot be run as given; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
