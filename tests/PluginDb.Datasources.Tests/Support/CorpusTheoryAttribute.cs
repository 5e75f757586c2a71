namespace PluginDb.Datasources.Tests.Support;

/// <summary>A theory over the shared corpus, reported as skipped (with the reason) where the corpus is absent.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (Corpus.PrismaDirectory is null)
        {
            Skip = Corpus.MissingMessage;
        }
    }
}
