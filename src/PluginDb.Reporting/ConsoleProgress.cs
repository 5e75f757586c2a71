using System.Globalization;

namespace PluginDb.Reporting;

/// <summary>
/// Live progress of a run (<c>[2/5] migrating papertrail…</c>). In an interactive terminal the
/// progress line is rewritten in place; in a CI log, where a carriage return does not move back and
/// escape sequences show up as noise, every step is a line of its own. Plugins are processed in
/// parallel, so every method takes a lock and whole lines never interleave.
/// </summary>
public sealed class ConsoleProgress
{
    private readonly TextWriter writer;
    private readonly bool interactive;
    private readonly Lock gate = new();
    private string? current;

    public ConsoleProgress(TextWriter writer, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        this.interactive = interactive;
    }

    /// <summary>Shows step <paramref name="step"/> of <paramref name="total"/>, e.g. "migrating papertrail".</summary>
    public void Report(int step, int total, string activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var line = string.Create(CultureInfo.InvariantCulture, $"[{step}/{total}] {PlainText.OneLine(activity)}…");
        lock (gate)
        {
            if (interactive)
            {
                current = line;
                writer.Write(Ansi.RewriteLine + line);
            }
            else
            {
                writer.Write(line + "\n");
            }
            writer.Flush();
        }
    }

    /// <summary>
    /// A line that stays (a warning, a finished stage). When interactive the progress line is cleared,
    /// the message written, and the progress line drawn again beneath it.
    /// </summary>
    public void WriteLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (gate)
        {
            if (interactive && current is not null)
            {
                writer.Write(Ansi.RewriteLine + message + "\n" + current);
            }
            else
            {
                writer.Write(message + "\n");
            }
            writer.Flush();
        }
    }

    /// <summary>Removes the live progress line, so whatever is written next starts on a clean line.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (interactive && current is not null)
            {
                writer.Write(Ansi.RewriteLine);
                writer.Flush();
            }
            current = null;
        }
    }
}
