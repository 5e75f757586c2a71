using PluginDb.Build.Pipeline;
using PluginDb.Core;
using PluginDb.Core.Drift;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Prisma;
using PluginDb.Core.Schemas;

namespace PluginDb.Build;

/// <summary>
/// The Drift stage's schema.prisma check: the shadow the pipeline migrated, introspected, against
/// schema.prisma mapped as Prisma Migrate would create it. A difference means a missing migration (the
/// schema moved on) or a stale schema (a migration did more), and is placed where a person fixes it:
/// on the model or field line, or on the migration that made an object the schema lacks.
/// </summary>
internal sealed partial class Build
{
    /// <summary>
    /// schema.prisma does not depend on the replay, so it is read, parsed, checked and mapped while the
    /// migrations run, on a core the replay leaves idle while it waits for its server; the check after
    /// the replay then only compares.
    /// </summary>
    private void PreparePrismaSchemas(RunState run)
    {
        if (!IsPlanned(nameof(Drift)))
        {
            return;
        }
        foreach (var plugin in run.Plugins.Where(p => p.Proceeds))
        {
            plugin.PrismaSchema ??= Task.Run(() => PreparePrismaSchema(plugin, run.DisplayBase));
        }
    }

    private static PreparedPrismaSchema? PreparePrismaSchema(PluginRun plugin, string displayBase)
    {
        var manifest = plugin.Manifest!;
        var files = PrismaSchemaLocator.Load(plugin.RootDirectory, manifest.Database.Migrations?.Directory);
        if (files.Count == 0)
        {
            return null;
        }
        var schema = PrismaSchemaParser.Parse(files);
        var ruleFindings = schema.Findings.Concat(PrismaManifestRules.Check(schema, manifest.Database.Provider, plugin.Id))
            .Select(f => f.File is { } file ? f with { File = Shown(plugin, file, displayBase), Plugin = plugin.Id } : f with { Plugin = plugin.Id })
            .ToList();
        var mapping = ruleFindings.Any(f => f.Severity == Severity.Error)
            ? null
            : PrismaSchemaMapper.ToDatabaseSchema(schema, manifest.Database.Provider ?? DatabaseProvider.Sqlite);
        return new PreparedPrismaSchema(files, ruleFindings, mapping);
    }

    private static string Shown(PluginRun plugin, string file, string displayBase) => DisplayPath.Of(Path.Combine(plugin.RootDirectory, file), displayBase);

    private static async Task CheckPrismaSchema(PluginRun plugin, PluginOutput run, CancellationToken cancellationToken)
    {
        if (await (plugin.PrismaSchema ??= Task.FromResult(PreparePrismaSchema(plugin, run.DisplayBase))) is not { } prepared)
        {
            return;
        }
        run.Add(prepared.RuleFindings);
        if (prepared.Mapping is not { } mapping)
        {
            return;
        }
        if (plugin.MigrationResult is { Successful: false })
        {
            run.Log($"Drift: {plugin.Id}: its migrations did not all apply, so schema.prisma is not compared with them.");
            return;
        }

        var provider = plugin.Manifest!.Database.Provider ?? DatabaseProvider.Sqlite;
        var shadow = await ShadowSchema(plugin, cancellationToken);
        var comparison = PrismaComparison.Compare(mapping, shadow, provider);
        run.Add(PrismaDriftFindings.Create(comparison, mapping, plugin.Migrations?.Migrations ?? [], provider, plugin.Id,
            Shown(plugin, prepared.Files[0].Path, run.DisplayBase), file => Shown(plugin, file, run.DisplayBase), run.DisplayBase));
        run.Log($"Drift: {plugin.Id}: schema.prisma {(comparison.InStep ? "is in step with" : $"differs in {ReportCount(comparison.Differences.Count, "object")} from")} its migrations.");
    }
}
