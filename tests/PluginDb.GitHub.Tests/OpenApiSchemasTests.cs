using System.Text.Json.Nodes;

namespace PluginDb.GitHub.Tests;

public sealed class OpenApiSchemasTests
{
    [Fact]
    public void Nullable_refs_and_openapi_only_keywords_become_json_schema()
    {
        var components = JsonNode.Parse("""
            { "schemas": { "simple-user": { "type": "object", "nullable": true, "example": { "login": "octocat" },
                                            "properties": { "login": { "type": "string" } } } } }
            """)!.AsObject();
        var schema = JsonNode.Parse("""
            { "type": "object", "discriminator": { "propertyName": "status" },
              "properties": {
                "conclusion": { "type": "string", "nullable": true, "enum": ["success", "failure"] },
                "owner": { "$ref": "#/components/schemas/simple-user" },
                "nullable": { "type": "integer", "nullable": false } } }
            """)!;

        var converted = OpenApiSchemas.ToJsonSchema(schema, components).AsObject();

        Assert.False(converted.ContainsKey("discriminator"));
        var properties = converted["properties"]!.AsObject();
        Assert.Equal("""["string","null"]""", properties["conclusion"]!["type"]!.ToJsonString());
        Assert.Equal("""["success","failure",null]""", properties["conclusion"]!["enum"]!.ToJsonString());
        Assert.Equal("""["object","null"]""", properties["owner"]!["type"]!.ToJsonString());
        Assert.False(properties["owner"]!.AsObject().ContainsKey("example"));
        Assert.Equal("""{"type":"integer"}""", properties["nullable"]!.ToJsonString());
    }

    [SchemaFact(SharedSchemas.GitHubChecksApi)]
    public void Githubs_own_request_examples_are_valid_and_a_broken_one_is_not()
    {
        foreach (var operation in new[] { "checks/create", "checks/update" })
        {
            var schema = operation == "checks/create" ? OpenApiSchemas.Create : OpenApiSchemas.Update;
            foreach (var (_, example) in OpenApiSchemas.Operation(operation)["requestExamples"]!.AsObject())
            {
                Assert.Empty(schema.Validate(example!["value"]!.ToJsonString()));
            }
        }

        Assert.NotEmpty(OpenApiSchemas.Create.Validate("""{ "name": "x", "head_sha": "y", "status": "completed" }"""));
    }
}
