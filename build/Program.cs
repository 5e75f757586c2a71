using System.Collections;
using System.Runtime.InteropServices;
using PluginDb.Build.Engine;

namespace PluginDb.Build;

/// <summary>The process entry: the one place that touches the console, the environment and signals.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();

        // The first Ctrl-C or SIGTERM cancels the run so throwaway servers are torn down; a second one
        // is left to the default handler, which ends the process at once.
        void Cancel(PosixSignalContext context)
        {
            if (!cancellation.IsCancellationRequested)
            {
                context.Cancel = true;
                cancellation.Cancel();
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        return await BuildHost.RunAsync<Build>(args, ReadEnvironment(), Console.Out, Console.Error, cancellation.Token);
    }

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var environment = new Dictionary<string, string?>(comparer);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value;
        }

        return environment;
    }
}
