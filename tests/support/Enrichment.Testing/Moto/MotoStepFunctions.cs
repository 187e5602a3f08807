using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Enrichment.Testing.Moto;

/// <summary>
/// Drives moto's Step Functions engine over its JSON 1.0 protocol with a plain HttpClient (no
/// AWSSDK.StepFunctions package exists here). Moto does not check signatures, so a
/// SigV4-shaped Authorization header naming the "states" scope is enough to route the call.
/// Call <see cref="EnableExecutionAsync"/> before creating state machines: switching the engine on
/// resets the Step Functions backend.
/// </summary>
public sealed class MotoStepFunctions(MotoServer server) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = server.Endpoint, Timeout = TimeSpan.FromSeconds(30) };

    public string RoleArn => $"arn:aws:iam::{server.AccountId}:role/enrichment-sfn";

    public string LambdaArn(string functionName) => $"arn:aws:lambda:{server.Region}:{server.AccountId}:function:{functionName}";

    /// <summary>Turns on moto's real ASL engine, with Lambda tasks answered from the lambda-simple queue.</summary>
    public Task EnableExecutionAsync(CancellationToken cancellationToken = default) =>
        server.PostMotoApiAsync("moto-api/config", """{"stepfunctions":{"execute_state_machine":true},"lambda":{"use_docker":false}}""", cancellationToken);

    /// <summary>Queues results for the next Lambda task invocations, in order (any function).</summary>
    public Task QueueLambdaResultsAsync(IEnumerable<string> results, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["results"] = new JsonArray([.. results.Select(r => (JsonNode)JsonValue.Create(r))]),
            ["region"] = server.Region,
        };
        return server.PostMotoApiAsync("moto-api/static/lambda-simple/response", body.ToJsonString(), cancellationToken);
    }

    public async Task<string> CreateStateMachineAsync(string name, string definition, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("CreateStateMachine", new JsonObject { ["name"] = name, ["definition"] = definition, ["roleArn"] = RoleArn }, cancellationToken);
        return response["stateMachineArn"]!.GetValue<string>();
    }

    public async Task<string> StartExecutionAsync(string stateMachineArn, string name, string input, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = stateMachineArn, ["name"] = name, ["input"] = input }, cancellationToken);
        return response["executionArn"]!.GetValue<string>();
    }

    public Task<JsonObject> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default) =>
        CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, cancellationToken);

    /// <summary>Polls DescribeExecution (bounded) until the execution leaves RUNNING.</summary>
    public async Task<JsonObject> WaitForExecutionAsync(string executionArn, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 1000 && clock.Elapsed < timeout; attempt++)
        {
            var description = await DescribeExecutionAsync(executionArn, cancellationToken);
            if (description["status"]?.GetValue<string>() != "RUNNING")
            {
                return description;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"execution {executionArn} still running after {timeout}");
    }

    /// <summary>Every history event, following nextToken.</summary>
    public async Task<IReadOnlyList<JsonObject>> GetExecutionHistoryAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        var events = new List<JsonObject>();
        string? token = null;
        for (var page = 0; page < 100; page++)
        {
            var request = new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var response = await CallAsync("GetExecutionHistory", request, cancellationToken);
            events.AddRange(response["events"]!.AsArray().Select(e => e!.AsObject()));
            token = response["nextToken"]?.GetValue<string>();
            if (token is null)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>The names of the states entered, in order, read from the history's *StateEntered events.</summary>
    public async Task<IReadOnlyList<string>> GetStatesEnteredAsync(string executionArn, CancellationToken cancellationToken = default) =>
        (await GetExecutionHistoryAsync(executionArn, cancellationToken))
            .Where(e => e["type"]!.GetValue<string>().EndsWith("StateEntered", StringComparison.Ordinal))
            .Select(e => e["stateEnteredEventDetails"]!["name"]!.GetValue<string>())
            .ToList();

    public async Task<JsonObject> CallAsync(string action, JsonObject body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + action);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=testing/20260101/{server.Region}/states/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await _client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var log = server.Output;
            throw new InvalidOperationException(
                $"Step Functions {action} answered {(int)response.StatusCode}: {text}{Environment.NewLine}moto log tail:{Environment.NewLine}{log[Math.Max(0, log.Length - 3000)..]}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose() => _client.Dispose();
}
