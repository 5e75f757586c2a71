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

    [Fact]
    public void An_operation_is_found_by_its_id_in_the_whole_description_as_in_the_extract()
    {
        // The whole description, as GitHub publishes it and the CI workflow fetches it: operations under
        // paths and methods, bodies and examples under their media type.
        var whole = JsonNode.Parse("""
            { "paths": { "/repos/{owner}/{repo}/check-runs": {
                "post": { "operationId": "checks/create", "requestBody": { "content": { "application/json": {
                  "schema": { "type": "object", "required": ["name"] },
                  "examples": { "example-of-in-progress": { "summary": "s", "value": { "name": "x" } } } } } } } },
              "/repos/{owner}/{repo}/check-runs/{check_run_id}": {
                "parameters": [],
                "patch": { "operationId": "checks/update", "requestBody": { "content": { "application/json": {
                  "schema": { "type": "object" } } } } } } } }
            """)!.AsObject();
        var extract = JsonNode.Parse("""
            { "operations": { "checks/create": { "requestBody": { "type": "object", "required": ["name"] } } } }
            """)!.AsObject();

        var create = OpenApiSchemas.Operation(whole, "checks/create");

        Assert.Equal(extract["operations"]!["checks/create"]!["requestBody"]!.ToJsonString(), create["requestBody"]!.ToJsonString());
        Assert.Equal("""{"name":"x"}""", create["requestExamples"]!["example-of-in-progress"]!["value"]!.ToJsonString());
        Assert.Empty(OpenApiSchemas.Operation(whole, "checks/update")["requestExamples"]!.AsObject());
        Assert.Same(extract["operations"]!["checks/create"], OpenApiSchemas.Operation(extract, "checks/create"));
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
