namespace PluginDb.Core.Schemas;

/// <summary>
/// One key of an index: a column name, or a normalised expression when <see cref="IsExpression"/>;
/// <see cref="OperatorClass"/> is a PostgreSQL operator class other than the default for the key's
/// type and the index method (<c>gin_trgm_ops</c>, <c>jsonb_path_ops</c>), null for the default;
/// <see cref="DefaultOperatorClass"/> names that default where the database says which it is (PostgreSQL,
/// other methods than B-tree and hash, whose defaults an extension may bring).
/// </summary>
public sealed record IndexKey(string Text, bool IsExpression = false, bool Descending = false, string? OperatorClass = null, string? DefaultOperatorClass = null)
{
    public static IndexKey Column(string name) => new(name);

    public override string ToString() =>
        (IsExpression ? "(" + Text + ")" : Text) + (OperatorClass is null ? string.Empty : " " + OperatorClass) + (Descending ? " DESC" : string.Empty);
}
