using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Lambda.Serialization;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.SampleFunction;

/// <summary>
/// Echoes an HTTP API request's body. Magic bodies: "boom" throws; "wait-for-cancel" waits until the
/// handler's token is cancelled (the deadline). SAMPLE_FUNCTION_FAIL_INIT=1 makes initialization throw.
/// </summary>
public static class Program
{
    public const string FailInitVariable = "SAMPLE_FUNCTION_FAIL_INIT";
    public const string ThrowBody = "boom";
    public const string WaitBody = "wait-for-cancel";
    public const string ThrowMessage = "The sample function refused the magic input.";

    public static Task<int> Main() =>
        LambdaBootstrap.RunAsync(
            Initialize,
            LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
            LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);

    private static Task<Func<APIGatewayHttpApiV2ProxyRequest, ILambdaContext, CancellationToken, Task<APIGatewayHttpApiV2ProxyResponse>>> Initialize(
        CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(FailInitVariable) == "1")
        {
            throw new InvalidOperationException("The sample function was told to fail its initialization.");
        }

        return Task.FromResult<Func<APIGatewayHttpApiV2ProxyRequest, ILambdaContext, CancellationToken, Task<APIGatewayHttpApiV2ProxyResponse>>>(HandleAsync);
    }

    private static async Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(
        APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        if (request.Body == ThrowBody)
        {
            throw new InvalidOperationException(ThrowMessage);
        }

        if (request.Body == WaitBody)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        context.Logger.LogInformation("Echoing a request.");
        return new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string>
            {
                ["content-type"] = "text/plain",
                ["x-request-id"] = context.AwsRequestId,
                ["x-trace-id"] = Environment.GetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable) ?? string.Empty,
                ["x-function-name"] = context.FunctionName,
            },
            Body = request.Body,
        };
    }
}
