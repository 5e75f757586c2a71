using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Octokit;
using Octokit.Internal;

namespace PluginDb.GitHub;

/// <summary>
/// Octokit's JSON for the Checks API calls the publisher makes, written without reflection. Octokit's own
/// serializer reads its models by reflection, which a native (ahead-of-time) runner cannot do for its
/// generic <c>StringEnum&lt;T&gt;</c> members, so the runner would send no check run. This one writes the
/// same JSON values as Octokit's (CheckRunJsonTests compares the two) for the request models the publisher
/// sends, and reads the check run GitHub answers with.
/// </summary>
internal sealed class CheckRunJson : IJsonSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Serialize(object item)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            switch (item)
            {
                case NewCheckRun create:
                    writer.WriteString("name", create.Name);
                    writer.WriteString("head_sha", create.HeadSha);
                    WriteRun(writer, create.DetailsUrl, create.ExternalId, create.Status, create.StartedAt, create.Conclusion, create.CompletedAt, create.Output, create.Actions);
                    break;
                case CheckRunUpdate update:
                    WriteOptional(writer, "name", update.Name);
                    WriteRun(writer, update.DetailsUrl, update.ExternalId, update.Status, update.StartedAt, update.Conclusion, update.CompletedAt, update.Output, update.Actions);
                    break;
                default:
                    throw new NotSupportedException($"No JSON is written for {item?.GetType().Name ?? "null"}; only check-run requests are.");
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public T Deserialize<T>(string json)
    {
        if (typeof(T) != typeof(CheckRun))
        {
            throw new NotSupportedException($"No JSON is read into {typeof(T).Name}; only check runs are.");
        }
        using var document = JsonDocument.Parse(json);
        var run = document.RootElement;
        return (T)(object)new CheckRun(
            run.GetProperty("id").GetInt64(),
            Text(run, "head_sha"),
            Text(run, "external_id"),
            Text(run, "url"),
            Text(run, "html_url"),
            Text(run, "details_url"),
            FromWire<CheckStatus>(Text(run, "status")) ?? CheckStatus.Queued,
            FromWire<CheckConclusion>(Text(run, "conclusion")),
            Time(run, "started_at") ?? default,
            Time(run, "completed_at"),
            output: null,
            Text(run, "name"),
            checkSuite: null,
            app: null,
            pullRequests: []);
    }

    private static void WriteRun(
        Utf8JsonWriter writer, string? detailsUrl, string? externalId, StringEnum<CheckStatus>? status, DateTimeOffset? startedAt,
        StringEnum<CheckConclusion>? conclusion, DateTimeOffset? completedAt, NewCheckRunOutput? output, IReadOnlyList<NewCheckRunAction>? actions)
    {
        if (actions is { Count: > 0 })
        {
            throw new NotSupportedException("Check-run actions are not written.");
        }
        WriteOptional(writer, "details_url", detailsUrl);
        WriteOptional(writer, "external_id", externalId);
        WriteOptional(writer, "status", status?.StringValue);
        WriteOptional(writer, "started_at", startedAt);
        WriteOptional(writer, "conclusion", conclusion?.StringValue);
        WriteOptional(writer, "completed_at", completedAt);
        if (output is not null)
        {
            writer.WriteStartObject("output");
            writer.WriteString("title", output.Title);
            writer.WriteString("summary", output.Summary);
            WriteOptional(writer, "text", output.Text);
            if (output.Images is { Count: > 0 })
            {
                throw new NotSupportedException("Check-run images are not written.");
            }
            if (output.Annotations is { } annotations)
            {
                writer.WriteStartArray("annotations");
                foreach (var annotation in annotations)
                {
                    WriteAnnotation(writer, annotation);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
    }

    private static void WriteAnnotation(Utf8JsonWriter writer, NewCheckRunAnnotation annotation)
    {
        writer.WriteStartObject();
        writer.WriteString("path", annotation.Path);
        writer.WriteNumber("start_line", annotation.StartLine);
        writer.WriteNumber("end_line", annotation.EndLine);
        if (annotation.StartColumn is { } startColumn)
        {
            writer.WriteNumber("start_column", startColumn);
        }
        if (annotation.EndColumn is { } endColumn)
        {
            writer.WriteNumber("end_column", endColumn);
        }
        WriteOptional(writer, "annotation_level", annotation.AnnotationLevel?.StringValue);
        writer.WriteString("message", annotation.Message);
        WriteOptional(writer, "title", annotation.Title);
        WriteOptional(writer, "raw_details", annotation.RawDetails);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>As Octokit writes a time: in UTC, with as many fractional digits as it has.</summary>
    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        }
    }

    private static string? Text(JsonElement run, string name) =>
        run.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement run, string name) =>
        Text(run, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    /// <summary>
    /// The member whose wire name (Octokit's own, as <see cref="StringEnum{TEnum}.StringValue"/> gives it for a
    /// member) is <paramref name="text"/>; null for none. Octokit parses names through its reflection
    /// serializer, which the native runner cannot use; a member's name it gives without that.
    /// </summary>
    private static TEnum? FromWire<TEnum>(string? text) where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (new StringEnum<TEnum>(value).StringValue == text)
            {
                return value;
            }
        }
        return null;
    }
}
