namespace PluginDb.Core.Prisma;

internal enum PrismaTokenKind
{
    Identifier,
    String,
    Number,
    Symbol,
    Newline,
    End,
}

/// <summary>A token of the Prisma Schema Language with its 0-based offset and 1-based line and column.</summary>
internal sealed record PrismaToken(PrismaTokenKind Kind, string Text, int Line, int Column, string? Error = null)
{
    public bool Is(string symbol) => Kind == PrismaTokenKind.Symbol && Text == symbol;

    public string Describe() => Kind switch
    {
        PrismaTokenKind.End => "the end of the file",
        PrismaTokenKind.Newline => "the end of the line",
        PrismaTokenKind.String => "\"" + Text + "\"",
        _ => "'" + Text + "'",
    };
}
