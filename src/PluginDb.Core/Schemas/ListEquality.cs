namespace PluginDb.Core.Schemas;

/// <summary>Element-wise list equality for the schema records: record equality compares list references, not contents.</summary>
internal static class ListEquality
{
    public static bool Equal<T>(IReadOnlyList<T> left, IReadOnlyList<T> right) =>
        ReferenceEquals(left, right) || left.SequenceEqual(right);

    public static int Hash<T>(IReadOnlyList<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }
}
