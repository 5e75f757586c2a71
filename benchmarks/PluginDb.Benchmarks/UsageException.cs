namespace PluginDb.Benchmarks;

/// <summary>The command line asks for something the program does not do; the usage text follows.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
