namespace PluginDb.Core.Schemas;

/// <summary>A view with its normalised definition (PostgreSQL: the query as <c>pg_get_viewdef</c> prints it; SQLite: the <c>CREATE VIEW</c> statement).</summary>
public sealed record View(string Name, string Definition);
