namespace PluginDb.Core.Findings;

/// <summary>
/// One problem found in a plugin, its files or its datasource. A finding is data: stages return
/// them, they are never thrown. <see cref="File"/> is relative to the working directory where the
/// file lies beneath it; <see cref="Line"/> and <see cref="Column"/> are 1-based.
/// </summary>
public sealed record Finding(
    string Code,
    Severity Severity,
    string? Plugin,
    string? File,
    int? Line,
    int? Column,
    int? EndLine,
    string Title,
    string Message,
    string? HelpUri)
{
    /// <summary>The same finding placed at a position in a file.</summary>
    public Finding At(string? file, int? line = null, int? column = null, int? endLine = null) =>
        this with { File = file, Line = line, Column = column, EndLine = endLine };

    public Finding ForPlugin(string? plugin) => this with { Plugin = plugin };
}
