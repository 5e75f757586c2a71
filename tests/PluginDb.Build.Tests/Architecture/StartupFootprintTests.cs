using System.Reflection;

namespace PluginDb.Build.Tests.Architecture;

/// <summary>
/// The engine reads the type of every instance property of the build when it starts (to find the
/// targets), and reading a property's type loads the assembly that type comes from. A property typed
/// with a database driver's or a client library's type would load that library into every call of the
/// tool, <c>--help</c> included; members that need them are methods or fields.
/// </summary>
public sealed class StartupFootprintTests
{
    private static readonly string[] LoadedOnDemandOnly =
        ["Npgsql", "System.Data.Common", "Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "Testcontainers", "Testcontainers.PostgreSql", "Docker.DotNet", "Octokit", "PluginDb.GitHub"];

    [Fact]
    public void No_property_of_the_build_has_a_type_from_a_library_loaded_on_demand()
    {
        var offenders = new List<string>();
        foreach (var property in typeof(Build).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            var libraries = AssembliesOf(property.PropertyType).Where(name => LoadedOnDemandOnly.Contains(name, StringComparer.Ordinal)).ToList();
            if (libraries.Count > 0)
            {
                offenders.Add($"{property.Name}: {property.PropertyType} ({string.Join(", ", libraries)})");
            }
        }

        Assert.True(offenders.Count == 0, "Properties that would load a library at every start:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_check_sees_a_library_type_inside_a_generic_argument()
    {
        Assert.Contains("Npgsql", AssembliesOf(typeof(List<Npgsql.NpgsqlDataSource?>)));
        Assert.Contains("Npgsql", AssembliesOf(typeof(Npgsql.NpgsqlConnection[])));
    }

    private static IEnumerable<string> AssembliesOf(Type type)
    {
        if (type.HasElementType)
        {
            return AssembliesOf(type.GetElementType()!);
        }
        var names = new List<string> { type.Assembly.GetName().Name ?? "" };
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                names.AddRange(AssembliesOf(argument));
            }
        }
        return names;
    }
}
