using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Enrichment.Core.Serialization.StepFunctions;
using Polly;
using Polly.Timeout;

namespace Enrichment.Aws.StepFunctions;

/// <summary>
/// A small Step Functions client (the registry has no AWSSDK.StepFunctions): the awsJson1_0
/// protocol (POST /, X-Amz-Target: AWSStepFunctions.{Operation}), requests signed by AWSSDK.Core's
/// SigV4 signer with credentials from the SDK's chain, bodies through the source-generated
/// <see cref="EnrichmentJsonContext"/>. Throttling (429, ThrottlingException), 5xx and timeouts are
/// retried with exponential backoff and jitter; each attempt is signed afresh.
/// </summary>
public sealed class StepFunctionsClient
{
    private const string ContentType = "application/x-amz-json-1.0";
    private const string TargetPrefix = "AWSStepFunctions.";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private AWSCredentials? _credentials;
    private readonly StepFunctionsSigningConfig _signingConfig;
    private readonly AWS4Signer _signer = new();
    private readonly ResiliencePipeline _pipeline;

    /// <param name="credentials">Null: the SDK's default credential chain (environment, profile, container/instance role).</param>
    public StepFunctionsClient(
        HttpClient httpClient,
        Uri endpoint,
        string region,
        AWSCredentials? credentials,
        TimeProvider timeProvider,
        int maxAttempts = 5,
        TimeSpan? attemptTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _http = httpClient;
        _endpoint = endpoint;
        _credentials = credentials;
        _signingConfig = new StepFunctionsSigningConfig(region);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(AwsBackoff.Retry(
                new PredicateBuilder()
                    .Handle<StepFunctionsException>(exception => exception.IsTransient)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>(),
                maxAttempts - 1,
                TimeSpan.FromMilliseconds(200),
                TimeSpan.FromSeconds(10)))
            .AddTimeout(attemptTimeout ?? TimeSpan.FromSeconds(15))
            .Build();
    }

    public Uri Endpoint => _endpoint;

    public Task<SfnStartExecutionResponse> StartExecutionAsync(SfnStartExecutionRequest request, CancellationToken cancellationToken) =>
        SendAsync("StartExecution", request, EnrichmentJsonContext.Default.SfnStartExecutionRequest, EnrichmentJsonContext.Default.SfnStartExecutionResponse, cancellationToken);

    public Task<SfnDescribeExecutionResponse> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken) =>
        SendAsync("DescribeExecution", new SfnDescribeExecutionRequest(executionArn), EnrichmentJsonContext.Default.SfnDescribeExecutionRequest, EnrichmentJsonContext.Default.SfnDescribeExecutionResponse, cancellationToken);

    /// <summary>
    /// Sends any operation with a JSON body written by the caller and answers the response body
    /// (operations the product does not model, e.g. CreateStateMachine in tests).
    /// </summary>
    public Task<string> SendRawAsync(string operation, string jsonBody, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(jsonBody);
        return _pipeline.ExecuteAsync(
            static async (state, token) => await state.Self.SendOnceAsync(state.Operation, state.Body, token),
            (Self: this, Operation: operation, Body: Encoding.UTF8.GetBytes(jsonBody)),
            cancellationToken).AsTask();
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var json = await SendRawAsync(operation, JsonSerializer.Serialize(request, requestType), cancellationToken);
        return JsonSerializer.Deserialize(json, responseType)
            ?? throw new StepFunctionsException("InvalidResponse", HttpStatusCode.OK, $"Step Functions {operation} answered an empty body.");
    }

    private async Task<string> SendOnceAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        using var message = await CreateSignedMessageAsync(operation, body, cancellationToken);
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return text;
        }

        var (code, detail) = ParseError(response, text);
        throw new StepFunctionsException(code, response.StatusCode, $"Step Functions {operation} failed with {(int)response.StatusCode} {code}: {detail}");
    }

    private async Task<HttpRequestMessage> CreateSignedMessageAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        // Resolved on first use, not at construction: building the container never blocks on the chain.
        _credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var credentials = await _credentials.GetCredentialsAsync();
        cancellationToken.ThrowIfCancellationRequested();

        // The SDK's own request model, so AWS4Signer canonicalizes and signs exactly as the SDK's clients do.
        var request = new DefaultRequest(new SignedRequest(), "AWSStepFunctions")
        {
            HttpMethod = "POST",
            Endpoint = _endpoint,
            ResourcePath = "/",
            Content = body,
            OverrideSigningServiceName = "states",
            AuthenticationRegion = _signingConfig.AuthenticationRegion,
        };
        request.Headers["Content-Type"] = ContentType;
        request.Headers["X-Amz-Target"] = TargetPrefix + operation;
        if (credentials.UseToken)
        {
            // Temporary credentials (a Lambda's role): the token is a signed header.
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var signature = _signer.SignRequest(request, _signingConfig, null, credentials.AccessKey, credentials.SecretKey);
        request.Headers["Authorization"] = signature.ForAuthorizationHeader;

        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                // HttpClient writes these itself, with the same values that were signed.
                continue;
            }

            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>The AWS error type ("__type", possibly namespaced with '#', or the X-Amzn-ErrorType header) and message.</summary>
    internal static (string Code, string Message) ParseError(HttpResponseMessage response, string body)
    {
        string? code = null;
        string? detail = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type") || property.NameEquals("code"))
                    {
                        code ??= property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        detail ??= property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            detail = body.Length > 200 ? body[..200] : body;
        }

        if (code is null && response.Headers.TryGetValues("X-Amzn-ErrorType", out var values))
        {
            code = values.FirstOrDefault();
        }

        code = code?.Split(':')[0];
        if (code is not null && code.Contains('#', StringComparison.Ordinal))
        {
            code = code[(code.LastIndexOf('#') + 1)..];
        }

        return (string.IsNullOrEmpty(code) ? "HttpStatus" + (int)response.StatusCode : code, detail ?? response.ReasonPhrase ?? string.Empty);
    }

    /// <summary>The SDK's request type carries per-request settings; this one has none.</summary>
    private sealed class SignedRequest : AmazonWebServiceRequest;
}
