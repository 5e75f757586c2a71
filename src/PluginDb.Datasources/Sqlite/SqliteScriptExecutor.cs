using System.Text;
using SQLitePCL;

namespace PluginDb.Datasources.Sqlite;

/// <summary>
/// Runs a migration script one statement at a time, without a transaction, as rusqlite's
/// <c>execute_batch</c> (Prisma's native engine) does, but remembering where each statement starts so
/// a failure can name its line.
/// </summary>
internal static class SqliteScriptExecutor
{
    /// <summary>The statement that failed: its character offset in the script, its text and SQLite's error.</summary>
    internal sealed record Failure(int Offset, string Statement, int ErrorCode, string Message);

    public static Failure? Execute(sqlite3 db, string script, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(script);
        var position = 0;
        while (position < bytes.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (consumed, failure) = Step(db, bytes, position);
            if (failure is not null)
            {
                var offset = Encoding.UTF8.GetCharCount(bytes, 0, position);
                var length = Encoding.UTF8.GetCharCount(bytes, position, Math.Max(consumed, 0));
                var statement = script.Substring(offset, length).Trim();
                return failure with { Offset = offset, Statement = statement };
            }
            if (consumed <= 0)
            {
                break;
            }
            position += consumed;
        }
        return null;
    }

    // Prepares and runs the first statement of bytes[position..]; returns how many bytes it spans.
    private static (int Consumed, Failure? Failure) Step(sqlite3 db, byte[] bytes, int position)
    {
        ReadOnlySpan<byte> rest = bytes.AsSpan(position);
        var rc = raw.sqlite3_prepare_v2(db, rest, out var statement, out var tail);
        var consumed = rest.Length - tail.Length;
        using (statement)
        {
            if (rc != raw.SQLITE_OK)
            {
                return (consumed == 0 ? rest.Length : consumed, Error(db, rc));
            }
            if (statement is null || statement.IsInvalid)
            {
                return (consumed, null);
            }
            do
            {
                rc = raw.sqlite3_step(statement);
            }
            while (rc == raw.SQLITE_ROW);
            return rc == raw.SQLITE_DONE ? (consumed, null) : (consumed, Error(db, rc));
        }
    }

    private static Failure Error(sqlite3 db, int rc) =>
        new(0, string.Empty, rc, raw.sqlite3_errmsg(db).utf8_to_string() ?? $"SQLite error {rc}");
}
