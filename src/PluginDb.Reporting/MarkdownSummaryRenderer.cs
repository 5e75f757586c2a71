using System.Globalization;
using System.Text;
using PluginDb.Core;
using PluginDb.Core.Findings;
using PluginDb.Core.Rehearsal;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;

namespace PluginDb.Reporting;

/// <summary>
/// The job summary (<c>summary.md</c> and GITHUB_STEP_SUMMARY) in GitHub-flavoured Markdown: a verdict,
/// a table of plugins, then every finding grouped by plugin. It is the one place that lists all
/// findings, since annotations are capped (see <see cref="WorkflowCommandWriter"/>). Output depends
/// only on its arguments, so the same report always gives the same bytes.
/// </summary>
public static class MarkdownSummaryRenderer
{
    public static string Render(RunReport report, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var md = new StringBuilder();
        var passed = ExitCodes.ForFindings(report.Findings, options.FailOn) == ExitCodes.Success;
        md.Append("## ").Append(passed ? "✅ " : "❌ ").Append(MarkdownText.Escape(report.Tool))
            .Append(": ").Append(ReportText.Counts(report.Findings)).Append("\n\n");
        md.Append(MarkdownText.Escape(ReportText.Plural(report.Plugins.Count, "plugin")))
            .Append(" checked by ").Append(MarkdownText.Escape(report.Tool)).Append(' ')
            .Append(MarkdownText.Escape(report.Version)).Append(" in ")
            .Append((report.FinishedAt - report.StartedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture))
            .Append(" s; ").Append(FailOnText(options.FailOn)).Append("\n\n");

        if (report.Plugins.Count > 0)
        {
            AppendPlugins(md, report.Plugins);
            AppendStorageChart(md, report.Plugins);
        }
        foreach (var plugin in report.Plugins.Where(p => p.Rehearsal is { Count: > 0 }))
        {
            AppendRehearsal(md, plugin, report.Findings);
        }
        if (report.Findings.Count > 0)
        {
            AppendFindings(md, report, options);
        }
        // Every block above ends with a blank line; the document itself ends with one line break.
        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static string FailOnText(FailOn failOn) => failOn switch
    {
        FailOn.Never => "findings do not fail the run.",
        FailOn.Notice => "any finding fails the run.",
        FailOn.Warning => "warnings and errors fail the run.",
        _ => "errors fail the run.",
    };

    private static void AppendPlugins(StringBuilder md, IReadOnlyList<PluginReport> plugins)
    {
        md.Append("| Plugin | Mode | Provider | Server | Applied | Failed | Size |\n");
        md.Append("|---|---|---|---|--:|--:|--:|\n");
        foreach (var plugin in plugins)
        {
            md.Append("| ").Append(MarkdownText.Escape(plugin.Id))
                .Append(" | ").Append(MarkdownText.Escape(plugin.Mode))
                .Append(" | ").Append(plugin.Provider is { } provider ? MarkdownText.Escape(provider) : "—")
                .Append(" | ").Append(plugin.ServerSource is { } source ? MarkdownText.Escape(source) : "—")
                .Append(" | ").Append(plugin.Migrations.Applied.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(plugin.Migrations.Failed.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(ReportText.Size(plugin.SizeBytes, plugin.StorageLimitMb))
                .Append(" |\n");
        }
        md.Append('\n');
    }

    /// <summary>
    /// A plugin's new migrations (<c>--base</c>) as the rehearsal over rows saw them: per statement the
    /// locks it took, what it rewrote, and the verdict (the codes found on its line).
    /// </summary>
    private static void AppendRehearsal(StringBuilder md, PluginReport plugin, IReadOnlyList<Finding> findings)
    {
        foreach (var migration in plugin.Rehearsal!.GroupBy(o => o.Migration, StringComparer.Ordinal))
        {
            md.Append("### ").Append(MarkdownText.Escape(plugin.Id)).Append(": ").Append(MarkdownText.Escape(migration.Key)).Append(" over rows\n\n");
            md.Append("| Line | Statement | Locks taken | Rewritten | Verdict |\n|--:|---|---|---|---|\n");
            foreach (var seen in migration)
            {
                var codes = findings.Where(f => f.Plugin == plugin.Id && f.Line == seen.Line && f.File is { } file
                        && file.EndsWith(migration.Key + "/migration.sql", StringComparison.Ordinal))
                    .Select(f => f.Code).Distinct(StringComparer.Ordinal).ToList();
                var statement = string.Join(' ', seen.Statement.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
                md.Append("| ").Append(seen.Line.ToString(CultureInfo.InvariantCulture))
                    .Append(" | `").Append((statement.Length > 80 ? statement[..77] + "..." : statement).Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal))
                    .Append("` | ").Append(seen.NewLocks.Count == 0 ? "—" : MarkdownText.Escape(string.Join(", ", seen.NewLocks.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{StatementObservation.Spoken(l.Value)} on {l.Key}"))))
                    .Append(" | ").Append(seen.RewrittenTables.Count + seen.RewrittenIndexes.Count == 0 ? "—"
                        : MarkdownText.Escape(string.Join(", ", seen.RewrittenTables.Concat(seen.RewrittenIndexes.Select(i => i.Index)))))
                    .Append(" | ").Append(seen.Error is { } error ? "fails: " + MarkdownText.Escape(error)
                        : codes.Count == 0 ? "ok" : string.Join(", ", codes))
                    .Append(" |\n");
            }
            md.Append('\n');
        }
    }

    /// <summary>
    /// Storage against limits as a bar chart GitHub renders from Markdown (Mermaid): which plugin is
    /// closest to its limit shows at a glance where the table needs reading.
    /// </summary>
    private static void AppendStorageChart(StringBuilder md, IReadOnlyList<PluginReport> plugins)
    {
        var measured = plugins.Where(p => p.SizeBytes is not null && p.StorageLimitMb is > 0).ToList();
        if (measured.Count == 0)
        {
            return;
        }
        var shares = measured.ConvertAll(p => 100.0 * p.SizeBytes!.Value / (p.StorageLimitMb!.Value * 1024.0 * 1024.0));
        var top = Math.Max(100, (int)Math.Ceiling(shares.Max()));
        md.Append("```mermaid\nxychart-beta\n")
            .Append("    title \"Storage used, % of limits.storageMb\"\n")
            .Append("    x-axis [").AppendJoin(", ", measured.Select(p => $"\"{p.Id.Replace("\"", "'", StringComparison.Ordinal)}\"")).Append("]\n")
            .Append("    y-axis \"% of limit\" 0 --> ").Append(top.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("    bar [").AppendJoin(", ", shares.Select(s => s.ToString("0.##", CultureInfo.InvariantCulture))).Append("]\n")
            .Append("```\n\n");
    }

    private static void AppendFindings(StringBuilder md, RunReport report, SummaryOptions options)
    {
        md.Append("### Findings\n\n");
        // Groups follow the plugin table; findings of plugins not in it follow in the order they
        // first appear, and findings that concern no single plugin come last.
        var order = report.Plugins.Select(p => p.Id)
            .Concat(report.Findings.Select(f => f.Plugin).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var groups = order
            .Select(id => (Heading: MarkdownText.Escape(id), Findings: report.Findings.Where(f => f.Plugin == id).ToList()))
            .Append((Heading: "Not tied to a plugin", Findings: report.Findings.Where(f => f.Plugin is null).ToList()))
            .Where(g => g.Findings.Count > 0);
        foreach (var (heading, findings) in groups)
        {
            md.Append("#### ").Append(heading).Append("\n\n");
            foreach (var finding in ReportText.MostSevereFirst(findings))
            {
                AppendFinding(md, finding, options);
            }
            md.Append('\n');
        }
    }

    private static void AppendFinding(StringBuilder md, Finding finding, SummaryOptions options)
    {
        md.Append("- **").Append(ReportText.Name(finding.Severity)).Append("** `").Append(finding.Code).Append("` ");
        if (finding.HelpUri is { } help && MarkdownText.LinkTarget(help) is { } target)
        {
            md.Append("[").Append(MarkdownText.Escape(finding.Title)).Append("](").Append(target).Append(')');
        }
        else
        {
            md.Append("**").Append(MarkdownText.Escape(finding.Title)).Append("**");
        }
        md.Append(": ").Append(MarkdownText.Escape(finding.Message));
        if (ReportText.Location(finding, withColumn: false) is { } location)
        {
            md.Append(" — ");
            if (options.CanLink && DisplayPath.IsRelative(finding.File!))
            {
                md.Append('[').Append(MarkdownText.Escape(location)).Append("](").Append(FileLink(finding, options)).Append(')');
            }
            else
            {
                md.Append(MarkdownText.Escape(location));
            }
        }
        md.Append('\n');
    }

    /// <summary><c>{server}/{repo}/blob/{sha}/{file}#L{line}</c>, GitHub's permalink to a line.</summary>
    private static string FileLink(Finding finding, SummaryOptions options)
    {
        var link = $"{options.ServerUrl!.TrimEnd('/')}/{options.Repository}/blob/{options.CommitSha}/{MarkdownText.UrlPath(finding.File!)}";
        return finding.Line is { } line ? link + "#L" + line.ToString(CultureInfo.InvariantCulture) : link;
    }
}
