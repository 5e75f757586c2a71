using System.Runtime.CompilerServices;

namespace PluginDb.Core.Migrations;

/// <summary>
/// Where a migration script names an identifier, in any case, as PostgreSQL folds unquoted names: a
/// screen before an exact match, and whole-word mentions (letters, digits, <c>_</c> and <c>$</c> around
/// the name end the word, as they would continue an identifier). The script is lower-cased once
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
        return LowerOf(script).AsSpan(offset, length).Contains(name.ToLowerInvariant(), StringComparison.Ordinal);
    }

    /// <summary>The offsets at which <paramref name="script"/> names <paramref name="name"/> as a whole word, in any case, in order.</summary>
    public static IReadOnlyList<int> Words(string script, string name) => WordsOf(script, name, first: false);

    /// <summary>Whether <paramref name="script"/> names <paramref name="name"/> as a whole word, in any case.</summary>
    public static bool ContainsWord(string script, string name) => WordsOf(script, name, first: true).Count > 0;

    private static List<int> WordsOf(string script, string name, bool first)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(name);
        var words = new List<int>();
        if (name.Length == 0)
        {
            return words;
        }
        var lowered = LowerOf(script);
        var word = name.ToLowerInvariant();
        for (var at = lowered.IndexOf(word, StringComparison.Ordinal); at >= 0; at = lowered.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !IsIdentifierChar(script[at - 1])) && (end == script.Length || !IsIdentifierChar(script[end])))
            {
                words.Add(at);
                if (first)
                {
                    break;
                }
            }
        }
        return words;
    }

    private static string LowerOf(string script) => Lowered.GetValue(script, s => s.ToLowerInvariant());

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
