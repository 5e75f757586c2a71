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
        PinLocalContainerHost();
        return await BuildHost.RunAsync<Build>(args, ReadEnvironment(), Console.Out, Console.Error, cancellation.Token);
    }

    /// <summary>
    /// With a container engine on this machine (no DOCKER_HOST, or a unix socket), Testcontainers must
    /// reach published ports at 127.0.0.1, where the PostgreSQL source binds them; its default host
    /// name "localhost" may resolve to ::1 and the readiness wait then never succeeds. An override the
    /// caller set (the action's entrypoint sets the job network's gateway) is kept.
    /// </summary>
    private static void PinLocalContainerHost()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var local = string.IsNullOrEmpty(dockerHost) || dockerHost.StartsWith("unix://", StringComparison.Ordinal);
        if (local && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE")))
        {
            Environment.SetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
        }
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
