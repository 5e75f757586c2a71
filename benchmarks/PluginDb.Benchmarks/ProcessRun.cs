using System.Diagnostics;

namespace PluginDb.Benchmarks;

/// <summary>One whole process, timed from its start until it exited and its output was read.</summary>
internal sealed record ProcessRun(int ExitCode, double Milliseconds, string Output)
{
    public string FirstLine => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";

    public static async Task<ProcessRun> StartAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string>? stdinFiles, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdinFiles is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdinFiles is not null)
        {
            try
            {
                foreach (var file in stdinFiles)
                {
                    await using var input = File.OpenRead(file);
                    await input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
                    // A file whose last statement has no semicolon (or whose last line is a comment)
                    // would run into the next one; an empty statement is harmless to both clients.
                    await process.StandardInput.BaseStream.WriteAsync("\n;\n"u8.ToArray(), cancellationToken);
                }
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process stopped reading (it bailed on an error); its exit code says so.
            }
        }
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout + await stderr;
        return new ProcessRun(process.ExitCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds, output);
    }
}
