namespace PluginDb.Datasources.Postgres;

/// <summary>PostgreSQL major versions read from the texts that name them, for the sources' version peek.</summary>
public static class PostgresVersions
{
    /// <summary>The major version at the start of a version text: <c>15.18 (Debian …)</c> → 15.</summary>
    public static int? LeadingMajor(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 ? int.Parse(text[..digits], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The major version in an image reference's tag (<c>postgres:15.18</c>, <c>postgres:16-alpine</c>), or null.</summary>
    public static int? OfImage(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        if (colon < 0 || colon < name.LastIndexOf('/'))
        {
            return null;
        }
        var tag = name[(colon + 1)..];
        var digits = tag.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 && (digits == tag.Length || tag[digits] is '.' or '-') ? LeadingMajor(tag) : null;
    }

    /// <summary>The major version in <c>postgres --version</c>'s answer: <c>postgres (PostgreSQL) 15.18 (Debian …)</c> → 15.</summary>
    public static int? OfServerBinary(string versionOutput)
    {
        ArgumentNullException.ThrowIfNull(versionOutput);
        var marker = versionOutput.IndexOf(") ", StringComparison.Ordinal);
        return marker > 0 ? LeadingMajor(versionOutput[(marker + 2)..]) : null;
    }
}
