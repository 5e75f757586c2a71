namespace PluginDb.Build.Pipeline;

/// <summary>
/// Ends a target with a given exit code and a message for the person running it: a usage error (2)
/// or an infrastructure error (3). Problems in a user's plugin are findings, never this.
/// </summary>
internal sealed class BuildStop(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
