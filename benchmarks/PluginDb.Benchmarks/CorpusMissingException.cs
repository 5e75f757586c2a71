namespace PluginDb.Benchmarks;

/// <summary>The shared Prisma corpus that <c>introspect</c> replays is not beside the repository.</summary>
internal sealed class CorpusMissingException : Exception
{
    public CorpusMissingException()
        : base("The Prisma corpus (../shared/corpus/prisma beside the repository root) is absent.")
    {
    }

    public CorpusMissingException(string message)
        : base(message)
    {
    }

    public CorpusMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
