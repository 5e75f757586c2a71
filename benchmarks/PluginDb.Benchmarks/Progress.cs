namespace PluginDb.Benchmarks;

/// <summary>Progress goes to stderr, so stdout holds nothing but the tables.</summary>
internal static class Progress
{
    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
