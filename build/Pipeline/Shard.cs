using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PluginDb.Core.Runs;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// One part of a fleet (<c>--shard i/n</c>, 1-based), for spreading plugins over a workflow's matrix.
/// A plugin's shard depends on its id alone (a hash), so adding or removing other plugins never
/// moves it, and the n shards together cover every plugin exactly once.
/// </summary>
internal sealed record Shard(int Index, int Count)
{
    public static Shard? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }
        throw new BuildStop(ExitCodes.UsageError, $"--shard {text}: expected i/n with 1 ≤ i ≤ n, e.g. 2/4.");
    }

    public bool Contains(string pluginId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(pluginId));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)Count) == Index - 1;
    }

    public override string ToString() => $"{Index}/{Count}";
}
