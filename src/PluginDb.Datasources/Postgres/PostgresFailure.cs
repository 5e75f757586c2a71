using System.Text.RegularExpressions;
using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A server error in a migration script, placed and explained: where it is (from the error's
/// <c>Position</c>, else the statement the server was running), which statement, and in the words a
/// plugin author needs — above all for a privilege the plugin's role does not have.
/// </summary>
internal sealed partial record PostgresFailure(
    SourcePosition Position,
    string Statement,
    string Summary,
    string ServerText,
    bool WholeFileUndone,
    string WhyNotAtomic)
{
    private const int MaxShown = 80;

    public static PostgresFailure Of(string script, SimpleQueryConnection.ServerError error, string schema, bool isPlugin)
    {
        var statements = PostgresScript.Split(script);
        // Position counts characters from 1, as the server's scanner does.
        int? offset = error.Position is { } position ? PostgresScript.OffsetOfPosition(script, position) : null;

        // With a Position the statement is the one around it; without, the server completed this many
        // statements of the Query before the failing one.
        var index = offset is { } at
            ? Math.Max(0, statements.Count(st => st.Offset <= at) - 1)
            : Math.Min(error.CompletedStatements, statements.Count - 1);
        PostgresScript.Statement? statement = statements.Count > 0 && index >= 0 ? statements[index] : null;
        var place = offset is { } o
            ? SqlErrorPosition.FromOffset(script, o)
            : statement is { } s ? SqlErrorPosition.FromOffset(script, s.Offset) : new SourcePosition(1, 1);

        var text = statement?.Text(script).Trim() ?? string.Empty;
        var shown = PostgresScript.OneLine(text);
        shown = shown.Length > MaxShown ? shown[..MaxShown] + " …" : shown;
        var which = statement is null
            ? "The script"
            : $"Statement {index + 1} of {statements.Count} (line {SqlErrorPosition.FromOffset(script, statement.Value.Offset).Line}: `{shown}`)";
        var summary = $"{which} failed with SQLSTATE {error.SqlState}: {error.Message}";
        if (error.SqlState == "42501")
        {
            summary += ". " + PrivilegeExplanation(error.Message, schema, isPlugin);
        }
        else if (error.Hint is { } hint)
        {
            summary += $" (hint: {hint})";
        }

        var serverText = $"{error.Severity}: {error.Message}" +
            (error.Detail is null ? string.Empty : $"\nDETAIL: {error.Detail}") +
            (error.Hint is null ? string.Empty : $"\nHINT: {error.Hint}");

        var controls = statements.Any(PostgresScript.ControlsTransaction);
        var concurrently = statements.Any(st => PostgresScript.IsConcurrently(script, st));
        var why = controls ? "contains its own transaction control" : concurrently ? "contains a CONCURRENTLY statement, which runs outside any transaction" : string.Empty;
        return new PostgresFailure(place, text, summary, serverText, !controls && !concurrently, why);
    }

    // The server's 42501 texts (aclchk.c, extension.c) turned into what the plugin's role may not do.
    private static string PrivilegeExplanation(string message, string schema, bool isPlugin)
    {
        var who = isPlugin ? "the plugin's role" : "the migration role";
        string what;
        if (Extension().Match(message) is { Success: true } extension)
        {
            what = $"{who} may not create the extension {extension.Groups[1].Value}: it is not trusted, so only a superuser can install it; ask for it to be provided or drop the CREATE EXTENSION";
        }
        else if (SchemaDenied().Match(message) is { Success: true } other)
        {
            what = $"{who} may not create or use objects in schema {other.Groups[1].Value}; its own objects belong in schema `{schema}`, where search_path puts unqualified names";
        }
        else if (message.StartsWith("permission denied for database", StringComparison.Ordinal))
        {
            what = $"{who} may not create schemas or extensions in the database";
        }
        else if (message.StartsWith("must be owner of ", StringComparison.Ordinal))
        {
            what = $"{who} may not alter or drop {message["must be owner of ".Length..]}, which another role owns";
        }
        else if (message.StartsWith("permission denied for ", StringComparison.Ordinal))
        {
            what = $"{who} may not use {message["permission denied for ".Length..]}, which another role owns";
        }
        else
        {
            what = $"{who} may not do this ({message})";
        }
        return $"In production terms: {what} — migrations run with the plugin's own least-privilege role, so this fails in production as it fails here";
    }

    [GeneratedRegex("permission denied to create extension \"([^\"]+)\"")]
    private static partial Regex Extension();

    [GeneratedRegex("permission denied for schema (\\S+)")]
    private static partial Regex SchemaDenied();
}
