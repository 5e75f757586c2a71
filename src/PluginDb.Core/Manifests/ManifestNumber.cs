using System.Globalization;
using System.Text.Json;

namespace PluginDb.Core.Manifests;

/// <summary>
/// A JSON number of plugin.json as the checks read it: an integer literal as a 64-bit integer, any
/// other literal (a fraction or an exponent: <c>2.0</c>, <c>1e2</c>) as a double.
/// </summary>
/// <remarks>
/// Out-of-range literals are clamped instead of failing: every bound in the schema lies far inside
/// 64 bits and doubles, so the clamped value breaks the same rule the written one does.
/// </remarks>
internal readonly record struct ManifestNumber(bool IsInteger, long Integer, double Real)
{
    public static ManifestNumber Of(JsonElement number)
    {
        if (number.TryGetInt64(out var integer))
        {
            return new ManifestNumber(true, integer, integer);
        }
        var literal = number.GetRawText();
        var negative = literal.StartsWith('-');
        if (literal.AsSpan().IndexOfAny(".eE") < 0)
        {
            var clamped = negative ? long.MinValue : long.MaxValue;
            return new ManifestNumber(true, clamped, clamped);
        }
        return new ManifestNumber(false, 0, number.TryGetDouble(out var real) && double.IsFinite(real) ? real : negative ? double.MinValue : double.MaxValue);
    }

    /// <summary>
    /// Compares with a schema bound as a decimal, as the schema validator this replaced did (a double
    /// becomes a decimal of 15 significant digits), and as doubles beyond the decimal range.
    /// </summary>
    public int CompareTo(decimal bound) =>
        IsInteger ? ((decimal)Integer).CompareTo(bound)
        : Math.Abs(Real) < (double)decimal.MaxValue ? ((decimal)Real).CompareTo(bound)
        : Real.CompareTo((double)bound);

    public override string ToString() =>
        IsInteger ? Integer.ToString(CultureInfo.InvariantCulture) : Real.ToString(CultureInfo.InvariantCulture);
}
