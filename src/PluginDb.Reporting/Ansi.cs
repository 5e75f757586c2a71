using PluginDb.Core.Findings;

namespace PluginDb.Reporting;

/// <summary>The few SGR sequences the console renderers use.</summary>
internal static class Ansi
{
    public const string Reset = "\u001b[0m";
    public const string Bold = "\u001b[1m";
    public const string Red = "\u001b[31m";
    public const string Green = "\u001b[32m";
    public const string Yellow = "\u001b[33m";
    public const string Cyan = "\u001b[36m";

    /// <summary>Carriage return, then erase the whole line (CSI 2 K).</summary>
    public const string RewriteLine = "\r\u001b[2K";

    public static string Of(Severity severity) => severity switch
    {
        Severity.Error => Red,
        Severity.Warning => Yellow,
        _ => Cyan,
    };

    public static string Paint(string text, string sgr, bool color) => color ? sgr + text + Reset : text;
}
