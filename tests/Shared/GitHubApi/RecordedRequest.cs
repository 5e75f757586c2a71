using System.Text.Json.Nodes;

namespace PluginDb.Tests.Shared;

/// <summary>One request the stand-in API received, and the status it answered with.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? Authorization, string? UserAgent, string Body, int Status)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public int Annotations => (Json["output"]?["annotations"] as JsonArray)?.Count ?? 0;
}
