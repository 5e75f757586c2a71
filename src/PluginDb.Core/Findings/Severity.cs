namespace PluginDb.Core.Findings;

/// <summary>How bad a finding is. Ordered, so the worst of a set is its <c>Max()</c>.</summary>
public enum Severity
{
    Notice = 0,
    Warning = 1,
    Error = 2,
}
