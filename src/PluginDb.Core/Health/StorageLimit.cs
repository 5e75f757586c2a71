using PluginDb.Core.Findings;

namespace PluginDb.Core.Health;

/// <summary>
/// A datasource's size against its manifest's <c>limits.storageMb</c>: more than the limit is SDB603, 80 %
/// of it or more SDB602, placed on the limit in plugin.json.
/// </summary>
public static class StorageLimit
{
    /// <summary>The share of the limit from which a warning is raised.</summary>
    public const double WarningShare = 0.8;

    public static Finding? Check(long sizeBytes, int? limitMb, string? pluginId, string? manifestFile, SourcePosition? limitPosition)
    {
        if (limitMb is not { } mb || mb <= 0)
        {
            return null;
        }
        var limit = mb * 1024L * 1024L;
        var share = (double)sizeBytes / limit;
        var code = sizeBytes > limit ? FindingCodes.StorageOverLimit : share >= WarningShare ? FindingCodes.StorageNearLimit : null;
        return code?.Create(
            $"The datasource holds {sizeBytes:N0} bytes, {share:P0} of its limit of {mb} MB (limits.storageMb).",
            pluginId, manifestFile, limitPosition?.Line, limitPosition?.Column);
    }
}
