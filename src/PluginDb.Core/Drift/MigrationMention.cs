using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Drift;

/// <summary>
/// Where the migrations mention a schema object: the migration and the position of the mention.
/// <see cref="NamesObject"/> is false when only the object's table was found (an object the
/// migrations never create, on a table they do).
/// </summary>
public sealed record MigrationMention(LocalMigration Migration, SourcePosition Position, bool NamesObject);
