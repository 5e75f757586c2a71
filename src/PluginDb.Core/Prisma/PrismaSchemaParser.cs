using PluginDb.Core.Findings;

namespace PluginDb.Core.Prisma;

/// <summary>
/// Reads the Prisma Schema Language (https://www.prisma.io/docs/orm/reference/prisma-schema-reference)
/// into a <see cref="PrismaSchema"/>. Pure: it takes text, not paths. All files of a multi-file schema
/// are one schema. A syntax error is a finding at its position; the parser skips to the end of the line
/// (or the block) and reads on, so one typo does not hide the rest.
/// </summary>
public static class PrismaSchemaParser
{
    public static PrismaSchema Parse(string text, string file = "schema.prisma") => Parse([new PrismaSourceFile(file, text)]);

    public static PrismaSchema Parse(IEnumerable<PrismaSourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var result = new PrismaFileParser.Output();
        var names = new List<string>();
        foreach (var file in files)
        {
            names.Add(file.Path);
            new PrismaFileParser(file, result).ParseFile();
        }
        return new PrismaSchema(names, result.Datasources, result.Generators, result.Blocks, result.Enums, result.Findings);
    }

    internal static Finding SyntaxError(string message, PrismaSourceLocation location) =>
        FindingCodes.PrismaSyntaxError.Create(message, file: location.File, line: location.Line, column: location.Column);
}
