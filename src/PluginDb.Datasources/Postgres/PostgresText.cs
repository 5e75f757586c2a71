using System.Globalization;
using System.Text;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Values in PostgreSQL's text output format, as the simple query protocol returns them
/// (https://www.postgresql.org/docs/15/datatype.html: boolean <c>t</c>/<c>f</c>; one-dimensional arrays
/// as in https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO; timestamptz in DateStyle ISO).
/// </summary>
internal static class PostgresText
{
    public static bool Boolean(string? value) => value switch
    {
        "t" => true,
        "f" => false,
        _ => throw new FormatException($"Not a PostgreSQL boolean: '{value}'."),
    };

    public static long Int64(string? value) =>
        long.Parse(value ?? throw new FormatException("NULL where a number was expected."), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>
    /// A one-dimensional array of text-like elements: <c>{a,"b c","d\"e",NULL}</c>. Elements are quoted
    /// when they hold a delimiter, brace, quote, backslash or space, are empty, or read NULL; inside
    /// quotes a backslash escapes the next character. An unquoted NULL is a null element.
    /// </summary>
    public static string?[] Array(string? value)
    {
        if (value is null || value.Length < 2 || value[0] != '{' || value[^1] != '}')
        {
            throw new FormatException($"Not a one-dimensional PostgreSQL array: '{value}'.");
        }
        var elements = new List<string?>();
        var i = 1;
        if (value.Length == 2)
        {
            return [];
        }
        while (i < value.Length)
        {
            var element = new StringBuilder();
            var quoted = false;
            if (value[i] == '"')
            {
                quoted = true;
                i++;
                while (value[i] != '"')
                {
                    if (value[i] == '\\')
                    {
                        i++;
                    }
                    element.Append(value[i++]);
                }
                i++;
            }
            else
            {
                while (value[i] is not (',' or '}'))
                {
                    element.Append(value[i++]);
                }
            }
            var text = element.ToString();
            elements.Add(!quoted && text.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : text);
            if (value[i] == '}')
            {
                break;
            }
            i++;
        }
        return [.. elements];
    }

    /// <summary>A timestamptz in DateStyle ISO: <c>2026-11-28 05:55:27.123456+00</c> (the offset may carry minutes and seconds).</summary>
    public static DateTimeOffset TimestampTz(string? value)
    {
        if (value is null)
        {
            throw new FormatException("NULL where a timestamp was expected.");
        }
        var sign = Math.Max(value.LastIndexOf('+'), value.LastIndexOf('-'));
        if (sign < 10)
        {
            throw new FormatException($"Not a PostgreSQL timestamptz in DateStyle ISO: '{value}'.");
        }
        var local = DateTime.ParseExact(value[..sign], ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None);
        var parts = value[(sign + 1)..].Split(':');
        var offset = new TimeSpan(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0,
            parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
        // DateTimeOffset takes whole minutes only; the rare offsets with seconds (pre-1900 local mean time) are folded into the time.
        var seconds = offset.Seconds;
        offset -= TimeSpan.FromSeconds(seconds);
        var at = new DateTimeOffset(local.AddSeconds(value[sign] == '-' ? seconds : -seconds), value[sign] == '-' ? -offset : offset);
        return at;
    }
}
