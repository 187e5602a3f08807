using System.Text.Json.Nodes;
using Enrichment.Aws.StepFunctions;

namespace Enrichment.Aws.Tests.Support;

/// <summary>Creates state machines in moto through the client's raw call (the product never creates them).</summary>
internal static class MotoStateMachines
{
    /// <summary>A one-state machine that waits long enough for executions to stay RUNNING during a test.</summary>
    public static async Task<string> CreateAsync(StepFunctionsClient client)
    {
        var definition = new JsonObject
        {
            ["StartAt"] = "Wait",
            ["States"] = new JsonObject
            {
                ["Wait"] = new JsonObject { ["Type"] = "Wait", ["Seconds"] = 600, ["End"] = true },
            },
        };
        var request = new JsonObject
        {
            ["name"] = MotoClients.UniqueName("poller"),
            ["definition"] = definition.ToJsonString(),
            ["roleArn"] = "arn:aws:iam::123456789012:role/enrichment-sfn",
        };
        var response = JsonNode.Parse(await client.SendRawAsync("CreateStateMachine", request.ToJsonString(), CancellationToken.None))!;
        return response["stateMachineArn"]!.GetValue<string>();
    }

    public static async Task<IReadOnlyList<string>> ExecutionNamesAsync(StepFunctionsClient client, string stateMachineArn)
    {
        var request = new JsonObject { ["stateMachineArn"] = stateMachineArn };
        var response = JsonNode.Parse(await client.SendRawAsync("ListExecutions", request.ToJsonString(), CancellationToken.None))!;
        return response["executions"]!.AsArray().Select(execution => execution!["name"]!.GetValue<string>()).ToArray();
    }
}
