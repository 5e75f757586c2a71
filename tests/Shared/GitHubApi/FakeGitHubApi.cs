using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PluginDb.Tests.Shared;

/// <summary>
/// A stand-in for GitHub's check-run endpoints on 127.0.0.1. Every request body is validated against GitHub's
/// published schema and answered as GitHub answers: 201 or 200 with a check-run object (itself validated
/// against the check-run schema), 422 with GitHub's error body for an invalid request, 403 for a read-only
/// token, 404 where the repository is not visible.
/// </summary>
internal sealed partial class FakeGitHubApi : IAsyncDisposable
{
    private const string Docs = "https://docs.github.com/rest/checks/runs";

    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly string basePath;
    private readonly List<RecordedRequest> requests = [];
    private readonly List<string> responseProblems = [];
    private readonly Dictionary<long, JsonObject> runs = [];
    private readonly Lock gate = new();
    private readonly int? refuseRequest;
    private int received;

    /// <param name="basePath">"/" as api.github.com serves the API, "/api/v3/" as GitHub Enterprise Server does.</param>
    /// <param name="refuseRequest">The 1-based number of a request to refuse with 422, as GitHub refuses a run it cannot take.</param>
    public FakeGitHubApi(string basePath = "/", FakeTokenAccess access = FakeTokenAccess.Write, string? knownCommit = null, int? refuseRequest = null)
    {
        this.basePath = basePath;
        this.refuseRequest = refuseRequest;
        Access = access;
        KnownCommit = knownCommit;
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        listener.Start();
        ApiUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{basePath}");
        loop = Task.Run(ServeAsync);
    }

    public Uri ApiUrl { get; }

    public FakeTokenAccess Access { get; }

    /// <summary>When set, a check run for any other commit is refused as GitHub refuses an unknown SHA.</summary>
    public string? KnownCommit { get; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Check-run objects this stand-in sent that GitHub's schema would not allow (should stay empty).</summary>
    public IReadOnlyList<string> ResponseProblems
    {
        get
        {
            lock (gate)
            {
                return [.. responseProblems];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            await HandleAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }
        var path = request.Url!.AbsolutePath;
        int status;
        JsonNode answer;
        try
        {
            (status, answer) = Interlocked.Increment(ref received) == refuseRequest
                ? Error(422, "Validation Failed")
                : Answer(request.HttpMethod, path, body);
        }
        catch (Exception e)
        {
            // The fake itself failed (a schema it validates with is missing): answer, so that the client
            // under test fails at once with the reason rather than waiting for a response.
            (status, answer) = Error(500, "The fake GitHub API failed: " + e.Message);
        }
        lock (gate)
        {
            requests.Add(new RecordedRequest(request.HttpMethod, path, request.Headers["Authorization"], request.Headers["User-Agent"], body, status));
        }
        var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }

    private (int Status, JsonObject Body) Answer(string method, string path, string body)
    {
        var route = Route().Match(path.StartsWith(basePath, StringComparison.Ordinal) ? path[basePath.Length..] : string.Empty);
        if (!route.Success || Access == FakeTokenAccess.NoRepository)
        {
            return Error(404, "Not Found");
        }
        if (Access == FakeTokenAccess.ReadOnly)
        {
            return Error(403, "Resource not accessible by integration");
        }
        var creating = !route.Groups["id"].Success;
        if ((creating && method != "POST") || (!creating && method != "PATCH"))
        {
            return Error(404, "Not Found");
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body)!.AsObject();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return Error(400, "Problems parsing JSON");
        }
        var errors = (creating ? OpenApiSchemas.Create : OpenApiSchemas.Update).Validate(body);
        if (errors.Count > 0)
        {
            return Error(422, "Invalid request.\n\n" + string.Join('\n', errors.Select(e => $"{e.Path}: {e.Kind}")));
        }

        lock (gate)
        {
            JsonObject run;
            if (creating)
            {
                var sha = json["head_sha"]!.GetValue<string>();
                if (KnownCommit is not null && sha != KnownCommit)
                {
                    return Error(422, "No commit found for SHA: " + sha);
                }
                var id = 4_000_000_000L + runs.Count + 1;
                run = NewRun(id, route.Groups["owner"].Value, route.Groups["repo"].Value, json);
                runs[id] = run;
            }
            else if (!runs.TryGetValue(long.Parse(route.Groups["id"].Value, CultureInfo.InvariantCulture), out run!))
            {
                return Error(404, "Not Found");
            }
            Apply(run, json);
            var problems = OpenApiSchemas.CheckRun.Validate(run.ToJsonString());
            responseProblems.AddRange(problems.Select(p => $"{p.Path}: {p.Kind}"));
            return (creating ? 201 : 200, (JsonObject)run.DeepClone());
        }
    }

    private JsonObject NewRun(long id, string owner, string repo, JsonObject create)
    {
        var api = ApiUrl.AbsoluteUri.TrimEnd('/');
        return new JsonObject
        {
            ["id"] = id,
            ["node_id"] = "CR_kwDOAbcdef8AAAAA" + id.ToString(CultureInfo.InvariantCulture),
            ["head_sha"] = create["head_sha"]!.GetValue<string>(),
            ["name"] = create["name"]!.GetValue<string>(),
            ["url"] = $"{api}/repos/{owner}/{repo}/check-runs/{id}",
            ["html_url"] = $"https://github.example/{owner}/{repo}/runs/{id}",
            ["details_url"] = null,
            ["status"] = "queued",
            ["conclusion"] = null,
            ["started_at"] = null,
            ["completed_at"] = null,
            ["external_id"] = null,
            ["check_suite"] = new JsonObject { ["id"] = 5 },
            ["output"] = new JsonObject
            {
                ["title"] = null,
                ["summary"] = null,
                ["text"] = null,
                ["annotations_count"] = 0,
                ["annotations_url"] = $"{api}/repos/{owner}/{repo}/check-runs/{id}/annotations",
            },
            ["app"] = null,
            ["pull_requests"] = new JsonArray(),
        };
    }

    /// <summary>As GitHub does: fields replace the stored ones; annotations add to those sent before.</summary>
    private static void Apply(JsonObject run, JsonObject body)
    {
        foreach (var key in new[] { "name", "details_url", "external_id", "status", "conclusion", "started_at", "completed_at" })
        {
            if (body[key] is { } value)
            {
                run[key] = value.DeepClone();
            }
        }
        if (body["output"] is JsonObject output)
        {
            var stored = run["output"]!.AsObject();
            foreach (var key in new[] { "title", "summary", "text" })
            {
                if (output[key] is { } value)
                {
                    stored[key] = value.DeepClone();
                }
            }
            var added = (output["annotations"] as JsonArray)?.Count ?? 0;
            stored["annotations_count"] = stored["annotations_count"]!.GetValue<int>() + added;
        }
    }

    private static (int, JsonObject) Error(int status, string message) => (status, new JsonObject
    {
        ["message"] = message,
        ["documentation_url"] = Docs,
        ["status"] = status.ToString(CultureInfo.InvariantCulture),
    });

    [GeneratedRegex(@"^repos/(?<owner>[^/]+)/(?<repo>[^/]+)/check-runs(/(?<id>[0-9]+))?$")]
    private static partial Regex Route();
}
