using NJsonSchema;

namespace PluginDb.Build.Tests.Workflows;

/// <summary>action.yml and every workflow are what GitHub accepts: SchemaStore's schemas in ../shared.</summary>
public sealed class SchemaValidationTests
{
    private const string ActionSchema = "github-action.schema.json";
    private const string WorkflowSchema = "github-workflow.schema.json";

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string> { { RepositoryYaml.ActionFile, ActionSchema } };
        foreach (var workflow in RepositoryYaml.Workflows())
        {
            data.Add(workflow, WorkflowSchema);
        }
        return data;
    }

    [SharedSchemaTheory]
    [MemberData(nameof(Files))]
    public async Task File_is_valid_against_its_GitHub_schema(string file, string schemaFile)
    {
        var errors = await ValidateAsync(RepositoryYaml.Json(file).ToJsonString(), schemaFile);

        Assert.True(errors.Count == 0, $"{file} against {schemaFile}:\n" + string.Join("\n", errors));
    }

    [SharedSchemaTheory]
    [InlineData("name: x\ndescription: y\nruns:\n  using: docker\n", ActionSchema)]
    [InlineData("name: x\ndescription: y\ninputs:\n  a:\n    required: false\nruns:\n  using: docker\n  image: Dockerfile\n", ActionSchema)]
    [InlineData("on: push\njobs:\n  a:\n    steps:\n      - run: echo\n", WorkflowSchema)]
    public async Task The_schemas_reject_what_GitHub_rejects(string yaml, string schemaFile)
    {
        var errors = await ValidateAsync(YamlJson.Parse(yaml)!.ToJsonString(), schemaFile);

        Assert.NotEmpty(errors);
    }

    private static async Task<List<string>> ValidateAsync(string json, string schemaFile)
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(SharedSchemas.Folder, schemaFile));
        return schema.Validate(json).Select(e => e.ToString()).ToList();
    }
}
