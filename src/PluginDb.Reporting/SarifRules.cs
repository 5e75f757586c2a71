using System.Text;
using PluginDb.Core.Findings;

namespace PluginDb.Reporting;

/// <summary>
/// The SARIF rules of one run: one per finding code present, in code order, described from
/// <see cref="FindingCodes.All"/>. A code the catalog does not know is described by its first finding.
/// </summary>
internal sealed class SarifRules
{
    private readonly Dictionary<string, int> indexByCode;

    private SarifRules(IReadOnlyList<FindingCode> all)
    {
        All = all;
        indexByCode = new Dictionary<string, int>(all.Count, StringComparer.Ordinal);
        for (var index = 0; index < all.Count; index++)
        {
            indexByCode[all[index].Code] = index;
        }
    }

    public IReadOnlyList<FindingCode> All { get; }

    public static SarifRules For(IEnumerable<Finding> findings)
    {
        var catalog = FindingCodes.All.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var rules = findings
            .DistinctBy(f => f.Code, StringComparer.Ordinal)
            .Select(f => catalog.TryGetValue(f.Code, out var code) ? code : new FindingCode(f.Code, f.Severity, f.Title, f.Title))
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
        return new SarifRules(rules);
    }

    public int IndexOf(string code) => indexByCode[code];

    /// <summary>
    /// SARIF's reportingDescriptor.name is an identifier-like name ("ManifestUnreadable"), which the
    /// spec recommends be readable and distinct from the id; the title in Pascal case is both.
    /// </summary>
    public static string Name(FindingCode rule)
    {
        var name = new StringBuilder(rule.Title.Length);
        var startOfWord = true;
        foreach (var c in rule.Title)
        {
            if (char.IsLetterOrDigit(c))
            {
                name.Append(startOfWord ? char.ToUpperInvariant(c) : c);
                startOfWord = false;
            }
            else
            {
                startOfWord = true;
            }
        }
        return name.ToString();
    }
}
