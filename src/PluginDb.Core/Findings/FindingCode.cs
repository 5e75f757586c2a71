namespace PluginDb.Core.Findings;

/// <summary>
/// A stable, documented finding code. Codes are a public contract: each one is listed in the
/// README's reference section, and a code once published keeps its meaning.
/// </summary>
public sealed record FindingCode(string Code, Severity Severity, string Title, string Description)
{
    /// <summary>Where the documentation of this code lives.</summary>
    public string HelpUri => $"{FindingCodes.DocumentationRoot}#{Code.ToLowerInvariant()}";

    /// <summary>A finding of this code with its default severity.</summary>
    public Finding Create(
        string message,
        string? plugin = null,
        string? file = null,
        int? line = null,
        int? column = null,
        int? endLine = null) =>
        new(Code, Severity, plugin, file, line, column, endLine, Title, message, HelpUri);

    /// <summary>A finding of this code with a severity other than its default.</summary>
    public Finding Create(Severity severity, string message, string? plugin = null, string? file = null, int? line = null, int? column = null) =>
        Create(message, plugin, file, line, column) with { Severity = severity };
}
