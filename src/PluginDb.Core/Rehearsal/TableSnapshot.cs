namespace PluginDb.Core.Rehearsal;

/// <summary>A table as a SQLite rehearsal counts it before and after a migration: its rows and its columns.</summary>
public sealed record TableSnapshot(string Table, long Rows, IReadOnlyList<string> Columns);
