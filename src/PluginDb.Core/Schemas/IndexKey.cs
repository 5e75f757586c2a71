namespace PluginDb.Core.Schemas;

/// <summary>One key of an index: a column name, or a normalised expression when <see cref="IsExpression"/>.</summary>
public sealed record IndexKey(string Text, bool IsExpression = false, bool Descending = false)
{
    public static IndexKey Column(string name) => new(name);

    public override string ToString() => (IsExpression ? "(" + Text + ")" : Text) + (Descending ? " DESC" : string.Empty);
}
