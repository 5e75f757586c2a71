using System.Text.Json;
using System.Text.RegularExpressions;

namespace PluginDb.Fidelity;

/// <summary>Our verdict, read from the <c>report.json</c> of a <c>Drift --project</c> run.</summary>
internal static partial class OurReport
{
    public static Verdict Read(string reportJson, int exitCode, string output)
    {
        if (!File.Exists(reportJson))
        {
            return new Verdict(Verdict.Error, [], $"exit {exitCode}, no report: {FirstLine(output)}");
        }
        using var document = JsonDocument.Parse(File.ReadAllText(reportJson));
        var findings = document.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Code: f.GetProperty("code").GetString()!, Severity: f.GetProperty("severity").GetString()!, Message: f.GetProperty("message").GetString()!))
            .ToList();
        if (findings.FirstOrDefault(f => f.Code is "SDB201" or "SDB202" or "SDB204" or "SDB601") is { Code: not null } failed)
        {
            return new Verdict(Verdict.HistoryFails, [], $"{failed.Code}: {Shorten(failed.Message)}");
        }
        if (findings.FirstOrDefault(f => f.Severity == "error" && f.Code.StartsWith("SDB1", StringComparison.Ordinal)) is { Code: not null } invalid)
        {
            return new Verdict(Verdict.Error, [], $"{invalid.Code}: {Shorten(invalid.Message)}");
        }
        var changes = findings.Where(f => f.Code is "SDB310" or "SDB311" or "SDB312").Select(f => Change(f.Code, f.Message)).ToList();
        return changes.Count == 0 ? new Verdict(Verdict.InStep, [], "") : new Verdict(Verdict.Differs, changes, "");
    }

    /// <summary>The object of an SDB310–312 finding, from the message the Drift stage writes.</summary>
    internal static ObjectChange Change(string code, string message)
    {
        var match = code switch
        {
            "SDB310" => Declared().Match(message),
            "SDB311" => Created().Match(message),
            _ => Differs().Match(message),
        };
        if (!match.Success)
        {
            throw new InvalidDataException($"{code}: the message does not name its object: {message}");
        }
        var type = match.Groups["type"].Value switch { "unique constraint" => "index", var t => t };
        var path = match.Groups["path"].Value;
        var kind = code switch { "SDB310" => "missing", "SDB311" => "extra", _ => "changed" };
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return type is "table" or "enum" or "enum value" || dot < 0
            ? new ObjectChange(kind, type, path)
            : ObjectChange.OfTable(kind, type, path[..dot], path[(dot + 1)..]);
    }

    private static string Shorten(string message) => message.Length > 160 ? message[..160] + "…" : message;

    private static string FirstLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";

    private const string Types = "table|column|primary key|index|unique constraint|foreign key|enum value|enum";

    [GeneratedRegex(@"^schema\.prisma declares (?<type>" + Types + ") (?<path>.+?), but no migration creates it")]
    private static partial Regex Declared();

    [GeneratedRegex(@"^The migrations create (?<type>" + Types + @") (?<path>.+?)(?: \(in [^)]*\))?, but schema\.prisma does not declare it")]
    private static partial Regex Created();

    [GeneratedRegex(@"^(?<type>" + Types + @") (?<path>.+?): [a-z ]+ is ")]
    private static partial Regex Differs();
}
