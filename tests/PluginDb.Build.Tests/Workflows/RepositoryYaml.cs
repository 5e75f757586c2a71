using System.Text.Json.Nodes;

namespace PluginDb.Build.Tests.Workflows;

/// <summary>The action's metadata and the workflow files of the repository.</summary>
internal static class RepositoryYaml
{
    public const string ActionFile = "action.yml";

    public static string PathOf(string relative) => Path.Combine(RepositoryRoot.Find(), relative);

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static JsonObject Json(string relative) =>
        YamlJson.Parse(Text(relative))?.AsObject() ?? throw new InvalidDataException($"{relative} is empty");

    /// <summary>Every workflow, as a path relative to the repository root with forward slashes.</summary>
    public static IReadOnlyList<string> Workflows()
    {
        var folder = PathOf(Path.Combine(".github", "workflows"));
        return Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Find(), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static TheoryData<string> WorkflowData() => new(Workflows());
}
