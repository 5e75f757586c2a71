using PluginDb.Core.Findings;
using PluginDb.Core.Prisma;

namespace PluginDb.Build.Pipeline;

/// <summary>A plugin's schema.prisma as the drift check needs it: its files, the findings of reading it, and its mapping (none when those hold an error).</summary>
internal sealed record PreparedPrismaSchema(IReadOnlyList<PrismaSourceFile> Files, IReadOnlyList<Finding> RuleFindings, PrismaMapping? Mapping);
