namespace PluginDb.Benchmarks;

/// <summary>A working copy Prisma checks, and the <c>DATABASE_URL</c> it is given (SQLite: an in-memory shadow; PostgreSQL: a server on which it creates and drops its shadow database).</summary>
internal sealed record PrismaCopy(string Directory, string DatabaseUrl);
