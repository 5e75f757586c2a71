namespace PluginDb.Core.Runs;

/// <summary>The lowest severity that fails a run (<c>--fail-on</c>).</summary>
public enum FailOn
{
    Notice,
    Warning,
    Error,
    Never,
}
