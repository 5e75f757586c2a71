namespace PluginDb.Core.Schemas;

/// <summary>A PostgreSQL sequence that no column owns (owned ones are part of their serial or identity column).</summary>
public sealed record Sequence(string Name, string DataType, long Start, long Increment, long MinValue, long MaxValue, bool Cycle);
