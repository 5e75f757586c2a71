using System.ComponentModel;
using System.Diagnostics;

namespace PluginDb.Datasources.Postgres;

internal sealed record ProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a command to its end; a cancelled command is killed with its children.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        IReadOnlyList<string> command,
        string? workingDirectory,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = StartOrThrow(startInfo);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        return new ProcessResult(process.ExitCode, ((await output) + (await error)).Trim());
    }

    private static Process StartOrThrow(ProcessStartInfo startInfo)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new PostgresServerException($"Could not start {startInfo.FileName}.");
        }
        catch (Win32Exception e)
        {
            throw new PostgresServerException($"Could not start {startInfo.FileName}: {e.Message}", e);
        }
    }
}
