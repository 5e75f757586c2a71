using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PluginDb.Build.Tests.Architecture;

/// <summary>
/// Guards the dependency direction of DESIGN.md: Core depends on nothing of ours and on no
/// database, GitHub or console library; Datasources, Reporting and GitHub depend on Core only;
/// only build/ reads the environment, writes to the console or sets the exit code.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string Root = RepositoryRoot.Find();

    public static TheoryData<string, string[], string[]> Libraries => new()
    {
        { "PluginDb.Core", [], [] },
        { "PluginDb.Datasources", ["PluginDb.Core"], ["Microsoft.Data.Sqlite", "Npgsql", "Testcontainers.PostgreSql"] },
        { "PluginDb.Reporting", ["PluginDb.Core"], [] },
        { "PluginDb.GitHub", ["PluginDb.Core"], ["Octokit"] },
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_references_only_what_the_design_allows(string library, string[] projects, string[] packages)
    {
        var project = XDocument.Load(Path.Combine(Root, "src", library, library + ".csproj"));

        var projectRefs = project.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var packageRefs = project.Descendants("PackageReference")
            .Select(e => e.Attribute("Include")!.Value)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(projects.Order(StringComparer.Ordinal), projectRefs);
        Assert.Equal(packages.Order(StringComparer.Ordinal), packageRefs);
    }

    [Fact]
    public void No_library_touches_the_console_the_environment_or_the_exit_code()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsGenerated(f))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => ForbiddenCall().IsMatch(l.Text) && !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Libraries must leave the console, the environment and the exit code to build/:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_forbidden_call_pattern_recognises_each_kind_of_call()
    {
        Assert.Matches(ForbiddenCall(), "Console.WriteLine(x);");
        Assert.Matches(ForbiddenCall(), "var v = Environment.GetEnvironmentVariable(\"A\");");
        Assert.Matches(ForbiddenCall(), "Environment.Exit(3);");
        Assert.Matches(ForbiddenCall(), "Environment.ExitCode = 1;");
        Assert.DoesNotMatch(ForbiddenCall(), "var nl = Environment.NewLine;");
    }

    [Fact]
    public void The_composition_root_uses_no_database_driver()
    {
        // build/ chooses a datasource and composes; connections, drivers and their exceptions belong
        // to PluginDb.Datasources.
        var offenders = BuildSources()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => DriverUse().IsMatch(l.Text) && !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        var packages = XDocument.Load(Path.Combine(Root, "build", "_build.csproj")).Descendants("PackageReference")
            .Select(e => e.Attribute("Include")!.Value)
            .Where(p => p.StartsWith("Npgsql", StringComparison.Ordinal) || p.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal));

        Assert.True(offenders.Count == 0, "build/ must not use Npgsql or Microsoft.Data.Sqlite:\n" + string.Join('\n', offenders));
        Assert.Empty(packages);
    }

    [Fact]
    public void The_driver_pattern_recognises_imports_and_qualified_names()
    {
        Assert.Matches(DriverUse(), "using Npgsql;");
        Assert.Matches(DriverUse(), "using Microsoft.Data.Sqlite;");
        Assert.Matches(DriverUse(), "catch (Npgsql.PostgresException e)");
        Assert.Matches(DriverUse(), "await using var c = new Microsoft.Data.Sqlite.SqliteConnection(s);");
        Assert.DoesNotMatch(DriverUse(), "using PluginDb.Datasources.Sqlite;");
    }

    [Fact]
    public void The_composition_root_stays_small()
    {
        // The targets, parameters, stage order and wiring: what grows past this belongs in a library.
        var lines = Directory.EnumerateFiles(Path.Combine(Root, "build"), "Build*.cs").Sum(f => File.ReadLines(f).Count());

        Assert.InRange(lines, 1, 899);
    }

    private static IEnumerable<string> BuildSources() =>
        Directory.EnumerateFiles(Path.Combine(Root, "build"), "*.cs", SearchOption.AllDirectories).Where(f => !IsGenerated(f));

    private static bool IsGenerated(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex(@"\b(Console\s*\.|Environment\s*\.\s*(GetEnvironmentVariables?|SetEnvironmentVariable|Exit|ExitCode|FailFast)\b)")]
    private static partial Regex ForbiddenCall();

    [GeneratedRegex(@"\b(using\s+(static\s+)?(Npgsql|Microsoft\.Data\.Sqlite)\b|Npgsql\.|Microsoft\.Data\.Sqlite\.)")]
    private static partial Regex DriverUse();
}
