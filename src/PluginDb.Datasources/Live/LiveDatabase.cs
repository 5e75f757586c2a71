using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Live;

/// <summary>What a drift check reads from a database: its structure and its <c>_prisma_migrations</c> rows.</summary>
public sealed record LiveDatabase(DatabaseSchema Schema, IReadOnlyList<AppliedMigration> History);
