using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Jobs;
using Enrichment.Core.Logging;
using Enrichment.Core.Providers;
using Enrichment.Core.Serialization;
using Enrichment.Core.Services;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Core;
using Microsoft.Extensions.Logging;

namespace Enrichment.Functions.Api;

/// <summary>
/// The HTTP API (payload v2). It routes, turns bodies and headers into service calls, and maps the
/// services' answers and refusals to status codes (the only place that does: see
/// <see cref="RefusalStatus"/>); the work itself happens in the shared services. Its routes are the
/// table in ApiFunction.Routes.cs.
/// </summary>
public sealed partial class ApiFunction : ILambdaHandler<APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>
{
    private readonly SplitService _split;
    private readonly JobStatusService _status;
    private readonly RetryService _retry;
    private readonly SingleEnrichService _singleEnrich;
    private readonly UploadService _uploads;
    private readonly JobSummaryService _summaries;
    private readonly ProviderFactory _providers;
    private readonly EnrichmentOptions _options;
    private readonly WebPage _page;
    private readonly ILogger _log;

    public ApiFunction(
        SplitService split,
        JobStatusService status,
        RetryService retry,
        SingleEnrichService singleEnrich,
        UploadService uploads,
        JobSummaryService summaries,
        ProviderFactory providers,
        EnrichmentOptions options,
        ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _split = split;
        _status = status;
        _retry = retry;
        _singleEnrich = singleEnrich;
        _uploads = uploads;
        _summaries = summaries;
        _providers = providers;
        _options = options;
        _page = new WebPage(options.MaxInlineBodyBytes);
        _log = log;
    }

    public async Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        var call = ApiCall.From(request, _options.PublicBaseUrl);
        try
        {
            return await RouteAsync(call, cancellationToken);
        }
        catch (RequestException ex)
        {
            return HttpResults.Error(ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: an exception message could quote a record.
            _log.LogError(ex, "{Method} {Path} failed: {ErrorType}", call.Method, call.Path, ex.GetType().Name);
            return HttpResults.Error(500, $"internal error; request id {context.AwsRequestId}");
        }
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> SubmitAsync(ApiCall call, CancellationToken cancellationToken)
    {
        var caller = call.RequireCaller();
        var format = InputFormats.FromContentType(call.Header("content-type"))
            ?? throw new RequestException(415, $"Content-Type must be text/csv, application/json, application/x-ndjson or {InputFormats.XlsxMediaType}");
        var body = call.BodyBytes();
        if (body.Length == 0)
        {
            throw new RequestException("the request body is empty: send the list as the body");
        }

        if (body.Length > _options.MaxInlineBodyBytes || !InlineBodyLimit.Fits(body))
        {
            throw new RequestException(413, InlineBodyLimit.TooLargeMessage(Math.Min(_options.MaxInlineBodyBytes, InlineBodyLimit.MaxBodyBytes)));
        }

        var webhook = WebhookParameters.OfJobs(call, _options.Webhooks);
        var output = OutputFormats.Parse(call.Query("output"));
        if (output.Refusal is { } badOutput)
        {
            return HttpResults.Refused(badOutput);
        }

        var request = new SubmitRequest(
            _ => Task.FromResult<Stream>(new MemoryStream(body, writable: false)),
            format,
            output.Value,
            ProviderSelection.ParseList(call.Query("providers")),
            call.Header("idempotency-key"),
            call.Query("name"),
            call.Query("sheet"))
        {
            Owner = caller,
            Webhook = webhook,
            StatusUrl = call.StatusUrl,
        };
        if (DryRun(call.Query("dryRun")))
        {
            // The same checks and validation pass as a job, and nothing made: no job, object or message.
            var estimated = await _split.EstimateAsync(request, cancellationToken);
            return estimated.Refusal is { } notEstimated
                ? HttpResults.Refused(notEstimated)
                : HttpResults.Json(200, estimated.Value, EnrichmentJsonContext.Default.JobEstimate);
        }

        var submitted = await _split.SubmitAsync(request, cancellationToken);
        if (submitted.Refusal is { } refusal)
        {
            return HttpResults.Refused(refusal);
        }

        var result = submitted.Value;
        // The id gives no access (jobs answer their owner only); the caller is not logged.
        using (_log.BeginJobScope(result.JobId))
        {
            _log.LogInformation("job {JobId} {What}", result.JobId, result.Replayed ? "replayed for an idempotency key" : "accepted");
        }

        // A made secret is given once, by the request that made the job: a replay's would not be the job's.
        var secret = webhook is { SecretGenerated: true } && !result.Replayed ? webhook.Secret : null;
        return Accepted(call, result.JobId, result.State, result.Replayed ? 200 : 202, secret);
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> ReserveUploadAsync(ApiCall call, CancellationToken cancellationToken)
    {
        UploadRequest? body = null;
        if (call.BodyBytes() is { Length: > 0 } bytes)
        {
            body = UploadRequestBody.Parse(bytes);
        }

        var fileName = body?.FileName ?? call.Query("fileName") ?? call.Query("name");
        var reserved = await _uploads.ReserveAsync(
            body?.Format ?? call.Query("format"),
            body?.Output ?? call.Query("output"),
            body?.Providers ?? ProviderSelection.ParseList(call.Query("providers")),
            fileName,
            body?.Size ?? SizeQuery(call.Query("size")),
            call.RequireCaller(),
            jobId => call.StatusUrl(jobId),
            cancellationToken,
            body?.Sheet ?? call.Query("sheet"),
            WebhookParameters.OfUpload(call, body, _options.Webhooks),
            body?.DryRun ?? DryRun(call.Query("dryRun")));
        if (reserved.Refusal is { } refusal)
        {
            return HttpResults.Refused(refusal);
        }

        var response = reserved.Value;
        return HttpResults.Json(201, response, EnrichmentJsonContext.Default.UploadResponse, noStore: response.WebhookSecret is not null);
    }

    private static bool DryRun(string? text) => text switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw new RequestException("dryRun must be true or false"),
    };

    private static long? SizeQuery(string? text) =>
        text is null ? null
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) ? size
        : throw new RequestException("size must be the list's length in bytes");

    private async Task<APIGatewayHttpApiV2ProxyResponse> StatusAsync(ApiCall call, string jobId, CancellationToken cancellationToken)
    {
        var view = await _status.GetAsync(jobId, call.RequireCaller(), cancellationToken);
        return view is null
            ? HttpResults.Error(404, $"job {jobId} not found")
            : HttpResults.Json(200, view, EnrichmentJsonContext.Default.JobStatusView, noStore: true);
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> SummaryAsync(ApiCall call, string jobId, CancellationToken cancellationToken)
    {
        var lookup = await _summaries.GetAsync(jobId, call.RequireCaller(), cancellationToken);
        return lookup.Outcome switch
        {
            JobSummaryOutcome.Found => HttpResults.Json(200, lookup.Summary!, EnrichmentJsonContext.Default.JobSummary, noStore: true),
            JobSummaryOutcome.NotFinished => HttpResults.Error(409, $"job {jobId} is still running: its summary is written when it ends"),
            JobSummaryOutcome.NoSummary => HttpResults.Error(404, $"job {jobId} ended without a summary; its status says why"),
            _ => HttpResults.Error(404, $"job {jobId} not found"),
        };
    }

    /// <summary>What a request may choose: the names the deployment offers, its default chain first (in chain order).</summary>
    private ProvidersResponse Offer() =>
        new([.. _options.DefaultProviders.Concat(_providers.KnownNames).Distinct(StringComparer.Ordinal)], _options.DefaultProviders);

    private async Task<APIGatewayHttpApiV2ProxyResponse> RetryAsync(ApiCall call, string jobId, CancellationToken cancellationToken)
    {
        var retried = await _retry.RetryAsync(jobId, call.RequireCaller(), cancellationToken);
        if (retried.Refusal is { } refusal)
        {
            return HttpResults.Refused(refusal);
        }

        using (_log.BeginJobScope(jobId))
        {
            _log.LogInformation("job {JobId} retry started", jobId);
        }

        return Accepted(call, retried.Value.JobId, retried.Value.State);
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> EnrichOneAsync(ApiCall call, CancellationToken cancellationToken)
    {
        var fields = SingleContact.Parse(call.BodyBytes());
        var enriched = await _singleEnrich.EnrichAsync(fields, ProviderSelection.ParseList(call.Query("providers")), cancellationToken);
        return enriched.Refusal is { } refusal ? HttpResults.Refused(refusal) : HttpResults.Fields(200, enriched.Value);
    }

    /// <param name="statusCode">202 for a job started now; 200 for a replay of an idempotent request.</param>
    private static APIGatewayHttpApiV2ProxyResponse Accepted(ApiCall call, string jobId, JobState state, int statusCode = 202, string? webhookSecret = null)
    {
        var url = call.StatusUrl(jobId);
        var response = HttpResults.Json(statusCode, new JobAcceptedResponse(jobId, state.ToWire(), url, webhookSecret), ApiJsonContext.Default.JobAcceptedResponse, noStore: webhookSecret is not null);
        response.Headers!["location"] = url;
        return response;
    }
}
