using System.Text.RegularExpressions;

namespace PluginDb.Benchmarks;

/// <summary>A corpus project: its provider (from its schema's datasource) and migration files in order.</summary>
internal sealed partial record CorpusProject(string Name, string Directory, string Provider, IReadOnlyList<string> MigrationFiles)
{
    // Prisma takes "postgres" as another name of "postgresql".
    public bool IsPostgres => Provider is "postgresql" or "postgres";

    /// <summary>schema.prisma, or where the project has none, its schema/ folder of .prisma files.</summary>
    public string SchemaFile => File.Exists(Path.Combine(Directory, "schema.prisma")) ? Path.Combine(Directory, "schema.prisma") : Path.Combine(Directory, "schema");

    public string MigrationsDirectory => Path.Combine(Directory, "migrations");

    public static IReadOnlyList<CorpusProject> LoadAll(string corpus) =>
        [.. System.IO.Directory.GetDirectories(corpus).Order(StringComparer.Ordinal).Select(Load)];

    public static CorpusProject Load(string directory)
    {
        // schema.prisma, or a schema/ folder of .prisma files (Prisma's prismaSchemaFolder layout)
        var schemaFiles = File.Exists(Path.Combine(directory, "schema.prisma"))
            ? [Path.Combine(directory, "schema.prisma")]
            : System.IO.Directory.GetFiles(Path.Combine(directory, "schema"), "*.prisma", SearchOption.AllDirectories);
        var schema = string.Join('\n', schemaFiles.SelectMany(File.ReadAllLines).Select(l => l.Split("//", 2)[0]));
        var provider = DatasourceProvider().Match(schema) is { Success: true } m ? m.Groups["provider"].Value
            : throw new InvalidOperationException($"{directory}: no datasource provider in schema.prisma");
        var files = System.IO.Directory.GetDirectories(Path.Combine(directory, "migrations"))
            .Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "migration.sql"))
            .Where(File.Exists)
            .ToList();
        return new CorpusProject(Path.GetFileName(directory), directory, provider, files);
    }

    public static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var sub in System.IO.Directory.GetDirectories(from))
        {
            CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    [GeneratedRegex(@"datasource\s+\w+\s*\{[^}]*?provider\s*=\s*""(?<provider>\w+)""", RegexOptions.Singleline)]
    private static partial Regex DatasourceProvider();
}
