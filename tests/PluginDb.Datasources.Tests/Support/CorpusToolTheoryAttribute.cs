namespace PluginDb.Datasources.Tests.Support;

/// <summary>A corpus theory that also needs an executable on the PATH (sqlite3, pg_dump); skipped with the reason where either is missing.</summary>
public sealed class CorpusToolTheoryAttribute : TheoryAttribute
{
    public CorpusToolTheoryAttribute(string tool)
    {
        if (Corpus.PrismaDirectory is null)
        {
            Skip = Corpus.MissingMessage;
        }
        else if (!Tools.IsOnPath(tool))
        {
            Skip = $"`{tool}` is not on the PATH; this test needs it.";
        }
    }
}
