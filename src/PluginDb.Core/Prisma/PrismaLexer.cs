using System.Globalization;
using System.Text;

namespace PluginDb.Core.Prisma;

/// <summary>
/// Cuts Prisma Schema Language text into tokens. Line ends are tokens (a field ends with its line);
/// <c>//</c> and <c>///</c> comments are dropped, and so are <c>/* … */</c> comments where Prisma accepts
/// them: as a comment of their own, before anything else on a line (several may follow each other, and
/// a declaration may follow them), or as the last thing on a line. Between two tokens of a line, or
/// left open, Prisma rejects the line, and so does this lexer. A string that is not closed, or a
/// character the language does not have, becomes a token with <see cref="PrismaToken.Error"/> set, so
/// the parser can report it where it stands and go on.
/// </summary>
internal static class PrismaLexer
{
    private const string Symbols = "{}()[],:=?.";

    public static IReadOnlyList<PrismaToken> Tokenize(string text)
    {
        var tokens = new List<PrismaToken>();
        int line = 1, lineStart = 0, i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var column = i - lineStart + 1;
            if (c == '\n')
            {
                tokens.Add(new PrismaToken(PrismaTokenKind.Newline, "\n", line, column));
                line++;
                lineStart = ++i;
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var lineStarts = tokens.Count == 0 || tokens[^1].Kind == PrismaTokenKind.Newline;
                var startLine = line;
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    tokens.Add(new PrismaToken(PrismaTokenKind.Symbol, "/*", line, column, "This comment is not closed: a '*/' is missing."));
                    break;
                }
                for (var j = i; j < end; j++)
                {
                    if (text[j] == '\n')
                    {
                        line++;
                        lineStart = j + 1;
                    }
                }
                i = end + 2;
                if (!lineStarts && !EndsLine(text, i))
                {
                    tokens.Add(new PrismaToken(PrismaTokenKind.Symbol, "/*", startLine, column,
                        "A '/* … */' comment must stand on a line of its own, before the line's first word, or at the line's end."));
                }
            }
            else if (c == '"')
            {
                i = ReadString(text, i, line, column, tokens);
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-'))
                {
                    i++;
                }
                tokens.Add(new PrismaToken(PrismaTokenKind.Identifier, text[start..i], line, column));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
                {
                    i++;
                }
                tokens.Add(new PrismaToken(PrismaTokenKind.Number, text[start..i], line, column));
            }
            else if (c == '@')
            {
                var twice = i + 1 < text.Length && text[i + 1] == '@';
                tokens.Add(new PrismaToken(PrismaTokenKind.Symbol, twice ? "@@" : "@", line, column));
                i += twice ? 2 : 1;
            }
            else if (Symbols.Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new PrismaToken(PrismaTokenKind.Symbol, c.ToString(), line, column));
                i++;
            }
            else
            {
                var rune = Rune.GetRuneAt(text, i);
                tokens.Add(new PrismaToken(PrismaTokenKind.Symbol, rune.ToString(), line, column, $"Unexpected character '{rune}'."));
                i += rune.Utf16SequenceLength;
            }
        }
        tokens.Add(new PrismaToken(PrismaTokenKind.End, string.Empty, line, text.Length - lineStart + 1));
        return tokens;
    }

    // Only spaces and tabs between here and the end of the line (or of the text).
    private static bool EndsLine(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '\r')
        {
            i++;
        }
        return i >= text.Length || text[i] == '\n';
    }

    // A string ends at the next unescaped quote on the same line; Prisma's escapes are JSON's.
    private static int ReadString(string text, int i, int line, int column, List<PrismaToken> tokens)
    {
        var value = new StringBuilder();
        for (var j = i + 1; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '"')
            {
                tokens.Add(new PrismaToken(PrismaTokenKind.String, value.ToString(), line, column));
                return j + 1;
            }
            if (c == '\n')
            {
                break;
            }
            if (c != '\\' || j + 1 >= text.Length)
            {
                value.Append(c);
                continue;
            }
            var next = text[++j];
            switch (next)
            {
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'u' when j + 4 < text.Length &&
                              int.TryParse(text.AsSpan(j + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    j += 4;
                    break;
                default: value.Append(next); break;
            }
        }
        var end = text.IndexOf('\n', i);
        end = end < 0 ? text.Length : end;
        tokens.Add(new PrismaToken(PrismaTokenKind.String, value.ToString(), line, column, "This string is not closed: a '\"' is missing before the end of the line."));
        return end;
    }
}
