using System.Globalization;
using Octokit;
using Octokit.Internal;
using PluginDb.Core.Findings;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;

namespace PluginDb.GitHub;

/// <summary>
/// Publishes a run's findings as a GitHub check run: created once, its annotations sent in batches of
/// <see cref="AnnotationsPerRequest"/>, completed with a conclusion from the worst finding and --fail-on.
/// Where the token may not write checks it reports that it fell back instead of throwing, so the caller
/// annotates with workflow commands and the job summary; it throws only for misuse and cancellation.
/// </summary>
public sealed class CheckRunPublisher
{
    /// <summary>The Checks API takes at most 50 annotations per request; more are sent by updating the run.</summary>
    public const int AnnotationsPerRequest = 50;

    /// <summary>output.summary and output.text hold at most 65,535 characters.</summary>
    public const int OutputLimit = 65535;

    private readonly Uri apiUrl;
    private readonly string? token;
    private readonly string productVersion;

    /// <param name="apiUrl">GITHUB_API_URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. Used as given.</param>
    /// <param name="token">A token with <c>checks: write</c>; null or empty when the workflow gave none.</param>
    /// <param name="productVersion">Sent in the User-Agent, which GitHub requires.</param>
    public CheckRunPublisher(Uri apiUrl, string? token, string productVersion = "0.1.0")
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(productVersion);
        if (!apiUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The API URL must be absolute.", nameof(apiUrl));
        }
        // A base address without its trailing slash would lose its last segment (api/v3) when Octokit joins
        // "repos/…" onto it.
        this.apiUrl = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
        this.token = string.IsNullOrWhiteSpace(token) ? null : token;
        this.productVersion = productVersion;
    }

    /// <summary>
    /// success without findings; failure when a finding is at or above --fail-on; neutral when there are
    /// findings but none fails the run, so they are seen without turning the commit red.
    /// </summary>
    public static CheckConclusion ConclusionFor(IReadOnlyCollection<Finding> findings, FailOn failOn)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return CheckConclusion.Success;
        }
        return ExitCodes.ForFindings(findings, failOn) == ExitCodes.Success ? CheckConclusion.Neutral : CheckConclusion.Failure;
    }

    /// <summary>
    /// Publishes the check run <paramref name="name"/> of a job's findings on the commit the job checks
    /// (<see cref="GitHubActionsContext.HeadSha"/>), linked to the workflow run; falls back where the job does
    /// not say which repository and commit that is.
    /// </summary>
    public Task<CheckRunResult> PublishForJobAsync(GitHubActionsContext context, string name, RunReport report, FailOn failOn, string summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RepositoryOwner is { } owner && context.RepositoryName is { } repository && context.HeadSha is { } sha
            ? PublishAsync(new CheckRunRequest(owner, repository, sha, name, report, failOn, summary, DetailsUrl: context.RunUrl), cancellationToken)
            : Task.FromResult(new CheckRunResult(CheckRunOutcome.FellBack, "GITHUB_REPOSITORY or the commit is unknown"));
    }

    public async Task<CheckRunResult> PublishAsync(CheckRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.HeadSha);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name);
        cancellationToken.ThrowIfCancellationRequested();
        if (token is null)
        {
            return new CheckRunResult(CheckRunOutcome.FellBack, "No token was given, so no check run was created.");
        }

        var checks = new GitHubClient(new Connection(
            new ProductHeaderValue("PluginDb.Ci", productVersion),
            apiUrl,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            new HttpClientAdapter(HttpMessageHandlerFactory.CreateDefault),
            new CheckRunJson())).Check.Run;
        var annotations = CheckRunAnnotations.For(request.Report.Findings);
        var batches = annotations.Chunk(AnnotationsPerRequest).ToList();
        if (batches.Count == 0)
        {
            batches.Add([]);
        }
        var conclusion = ConclusionFor(request.Report.Findings, request.FailOn);
        var title = Title(request.Report.Findings);
        var summary = CheckRunSummary.Fit(request.Summary, request.DetailsUrl);
        var text = request.Text is null ? null : CheckRunAnnotations.Clip(request.Text, OutputLimit);

        NewCheckRunOutput Output(NewCheckRunAnnotation[] batch) => new(title, summary) { Text = text, Annotations = batch };

        CheckRun? run = null;
        var requests = 0;
        var sent = 0;
        try
        {
            var create = new NewCheckRun(request.Name, request.HeadSha)
            {
                DetailsUrl = request.DetailsUrl,
                Status = batches.Count == 1 ? CheckStatus.Completed : CheckStatus.InProgress,
                Conclusion = batches.Count == 1 ? conclusion : null,
                StartedAt = request.Report.StartedAt,
                CompletedAt = batches.Count == 1 ? request.Report.FinishedAt : null,
                Output = Output(batches[0]),
            };
            requests++;
            // Octokit's check-run calls take no CancellationToken; WaitAsync stops our waiting when cancelled.
            run = await checks.Create(request.Owner, request.Repository, create).WaitAsync(cancellationToken).ConfigureAwait(false);
            sent += batches[0].Length;
            for (var i = 1; i < batches.Count; i++)
            {
                var last = i == batches.Count - 1;
                var update = new CheckRunUpdate
                {
                    Status = last ? CheckStatus.Completed : null,
                    Conclusion = last ? conclusion : null,
                    CompletedAt = last ? request.Report.FinishedAt : null,
                    Output = Output(batches[i]),
                };
                requests++;
                run = await checks.Update(request.Owner, request.Repository, run.Id, update).WaitAsync(cancellationToken).ConfigureAwait(false);
                sent += batches[i].Length;
            }
        }
        catch (Exception e) when (e is ApiException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var failure = Explain(e, request);
            if (run is not null)
            {
                var incomplete = string.Create(CultureInfo.InvariantCulture, $"{title} (only {sent} of {annotations.Count} annotations could be sent)");
                requests += await CompleteAfterFailureAsync(checks, request, run.Id, conclusion, incomplete, summary, cancellationToken).ConfigureAwait(false);
            }
            return failure with { CheckRunId = run?.Id, HtmlUrl = run?.HtmlUrl, Requests = requests, AnnotationsSent = sent };
        }

        var message = string.Create(CultureInfo.InvariantCulture,
            $"Check run \"{request.Name}\" completed as {Conclusion(conclusion)} with {sent} annotation{(sent == 1 ? "" : "s")} in {requests} request{(requests == 1 ? "" : "s")}.");
        return new CheckRunResult(CheckRunOutcome.Published, message, run.Id, run.HtmlUrl, requests, sent);
    }

    /// <summary>
    /// A run left in_progress would spin on the pull request forever; complete it with what was sent. Best
    /// effort: the failure already reported is the one that matters.
    /// </summary>
    private static async Task<int> CompleteAfterFailureAsync(
        ICheckRunsClient checks, CheckRunRequest request, long id, CheckConclusion conclusion, string title, string summary, CancellationToken cancellationToken)
    {
        try
        {
            await checks.Update(request.Owner, request.Repository, id, new CheckRunUpdate
            {
                Status = CheckStatus.Completed,
                Conclusion = conclusion,
                CompletedAt = request.Report.FinishedAt,
                Output = new NewCheckRunOutput(title, summary),
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Nothing more to do: the caller falls back or reports the first failure.
        }
        return 1;
    }

    private CheckRunResult Explain(Exception e, CheckRunRequest request)
    {
        var where = $"{request.Owner}/{request.Repository}";
        var (outcome, message) = e switch
        {
            AuthorizationException => (CheckRunOutcome.FellBack,
                $"GitHub did not accept the token (401: {ApiMessage(e)}), so no check run was written to {where}."),
            // Read-only GITHUB_TOKEN (pull requests from forks, or no `checks: write`): "Resource not accessible by integration".
            ForbiddenException => (CheckRunOutcome.FellBack,
                $"The token may not write check runs to {where} (403: {ApiMessage(e)}); it needs `permissions: checks: write`, which a pull request from a fork does not get."),
            NotFoundException => (CheckRunOutcome.FellBack,
                $"{where} was not found with this token (404: {ApiMessage(e)}); a token from a fork cannot see the base repository."),
            ApiValidationException validation => (CheckRunOutcome.Failed,
                $"GitHub rejected the check run for {where} as invalid (422: {ValidationMessage(validation)})."),
            ApiException api => (CheckRunOutcome.Failed,
                string.Create(CultureInfo.InvariantCulture, $"GitHub answered {(int)api.StatusCode} to the check run for {where}: {ApiMessage(e)}.")),
            _ => (CheckRunOutcome.Failed, $"The GitHub API at {apiUrl.AbsoluteUri} could not be reached: {e.Message}"),
        };
        return new CheckRunResult(outcome, Scrub(message));
    }

    private static string ApiMessage(Exception e) => e is ApiException { ApiError.Message: { Length: > 0 } message } ? message : e.Message;

    private static string ValidationMessage(ApiValidationException e)
    {
        var details = e.ApiError?.Errors?
            .Select(error => error.Message ?? string.Join(' ', new[] { error.Resource, error.Field, error.Code }.Where(s => !string.IsNullOrEmpty(s))))
            .Where(s => !string.IsNullOrEmpty(s))
            .ToList() ?? [];
        return details.Count == 0 ? ApiMessage(e) : ApiMessage(e) + " " + string.Join("; ", details);
    }

    /// <summary>A message may quote what the server sent back; the token must never reach the log.</summary>
    private string Scrub(string message) => token is null ? message : message.Replace(token, "***", StringComparison.Ordinal);

    private static string Title(IReadOnlyCollection<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return "No findings";
        }
        var worst = findings.Max(f => f.Severity) switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "notice",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{findings.Count} finding{(findings.Count == 1 ? "" : "s")}, the worst {(findings.Count == 1 ? "is" : "of them")} {(findings.Count == 1 ? "an " : "")}{worst}");
    }

    private static string Conclusion(CheckConclusion conclusion) => conclusion switch
    {
        CheckConclusion.Failure => "failure",
        CheckConclusion.Neutral => "neutral",
        _ => "success",
    };
}
