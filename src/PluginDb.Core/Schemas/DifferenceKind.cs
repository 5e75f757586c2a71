namespace PluginDb.Core.Schemas;

/// <summary>How the actual schema departs from the expected one.</summary>
public enum DifferenceKind
{
    /// <summary>Expected but absent from the actual schema.</summary>
    Missing,

    /// <summary>Present in the actual schema but not expected.</summary>
    Extra,

    /// <summary>Present on both sides with a property that differs.</summary>
    Changed,
}
