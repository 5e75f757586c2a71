using System.Diagnostics;
using PluginDb.Core.Runs;

namespace PluginDb.Build.Pipeline;

/// <summary>The .NET CLI on the repository, for the <c>Compile</c> and <c>Test</c> targets.</summary>
internal static class DotNetCli
{
    public static async Task RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new BuildStop(ExitCodes.InfrastructureError, "dotnet could not be started.");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}.");
        }
    }
}
