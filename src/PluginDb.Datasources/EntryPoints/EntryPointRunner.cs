using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PluginDb.Core;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Datasources.EntryPoints;

/// <summary>
/// Runs a plugin's own migration entry point (<c>migrations.entryPoint</c>) as the platform does:
/// <c>node &lt;entryPoint&gt;</c> in the plugin folder with <c>PLUGIN_DATABASE_URL</c> set.
/// </summary>
public sealed class EntryPointRunner
{
    public const string DatabaseUrlVariable = "PLUGIN_DATABASE_URL";

    /// <summary>Characters kept of each of stdout and stderr; a chatty script must not fill the report.</summary>
    public const int MaxCapturedChars = 64 * 1024;

    private readonly string _node;

    /// <param name="nodeExecutable">The Node.js executable; <c>node</c> on the PATH by default.</param>
    public EntryPointRunner(string nodeExecutable = "node") => _node = nodeExecutable;

    public async Task<EntryPointResult> RunAsync(
        PluginManifest manifest,
        string databaseUrl,
        TimeSpan timeout,
        string displayBase,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(databaseUrl);
        ArgumentNullException.ThrowIfNull(displayBase);
        var entryPoint = manifest.EntryPointPath
            ?? throw new ArgumentException($"Plugin {manifest.Id} has no migrations.entryPoint.", nameof(manifest));
        var shown = DisplayPath.Of(entryPoint, displayBase);

        var start = new ProcessStartInfo(_node)
        {
            WorkingDirectory = manifest.RootDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(entryPoint);
        start.Environment[DatabaseUrlVariable] = databaseUrl;

        using var process = new Process { StartInfo = start };
        var stdout = new BoundedText(MaxCapturedChars);
        var stderr = new BoundedText(MaxCapturedChars);
        process.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);

        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new EntryPointResult(null, string.Empty, e.Message, false, clock.Elapsed, false,
                [FindingCodes.EntryPointFailed.Create($"The entry point {shown} could not be started with `{_node}`: {e.Message}.", manifest.Id, shown)]);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await DrainAsync(process).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }
        clock.Stop();

        int? exitCode = timedOut ? null : process.ExitCode;
        var findings = new List<Finding>();
        if (timedOut)
        {
            findings.Add(FindingCodes.EntryPointFailed.Create(
                $"The entry point {shown} did not finish within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s and was stopped with its child processes.{Tail(stderr)}",
                manifest.Id, shown));
        }
        else if (exitCode != 0)
        {
            findings.Add(FindingCodes.EntryPointFailed.Create(
                $"The entry point {shown} exited with code {exitCode}.{Tail(stderr)}", manifest.Id, shown));
        }
        return new EntryPointResult(exitCode, stdout.ToString(), stderr.ToString(), stdout.Truncated || stderr.Truncated, clock.Elapsed, timedOut, findings);
    }

    // A grandchild that escaped the process tree could hold the output pipes open; do not wait for it forever.
    private static async Task DrainAsync(Process process)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The process itself is gone; only its output may be incomplete.
        }
    }

    private static string Tail(BoundedText stderr)
    {
        var text = stderr.ToString().TrimEnd();
        if (text.Length == 0)
        {
            return string.Empty;
        }
        const int Shown = 500;
        return " Its last output on stderr: " + (text.Length > Shown ? "…" + text[^Shown..] : text);
    }

    /// <summary>Keeps the first <c>max</c> characters of a stream of lines; thread-safe for the two output events.</summary>
    private sealed class BoundedText(int max)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();

        public bool Truncated { get; private set; }

        public void AppendLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_gate)
            {
                var room = max - _text.Length;
                if (line.Length + 1 > room)
                {
                    Truncated = true;
                    if (room > 0)
                    {
                        _text.Append(line.AsSpan(0, Math.Min(line.Length, room)));
                    }
                    return;
                }
                _text.Append(line).Append('\n');
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }
}
