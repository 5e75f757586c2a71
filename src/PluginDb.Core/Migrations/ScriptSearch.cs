using System.Runtime.CompilerServices;

namespace PluginDb.Core.Migrations;

/// <summary>
/// Whether a part of a migration script holds a name in any case, as PostgreSQL folds unquoted names:
/// a screen before the exact (regular-expression) match. The script is lower-cased once
/// (<see cref="string.ToLowerInvariant()"/> maps code unit by code unit, so offsets are kept) and
/// searched ordinally, which is vectorised; an ignore-case search goes character by character through
/// the casing tables where globalization is invariant, as in the runner, and over a long history that
/// was most of a drift check.
/// </summary>
public static class ScriptSearch
{
    private static readonly ConditionalWeakTable<string, string> Lowered = new();

    /// <summary>Whether <paramref name="script"/> holds <paramref name="name"/>, in any case.</summary>
    public static bool Contains(string script, string name) => Contains(script, 0, script?.Length ?? 0, name);

    /// <summary>Whether the <paramref name="length"/> characters of <paramref name="script"/> from <paramref name="offset"/> hold <paramref name="name"/>, in any case.</summary>
    public static bool Contains(string script, int offset, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(name);
        return Lowered.GetValue(script, s => s.ToLowerInvariant()).AsSpan(offset, length).Contains(name.ToLowerInvariant(), StringComparison.Ordinal);
    }
}
