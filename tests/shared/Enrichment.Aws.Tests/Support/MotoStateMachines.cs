using System.Text.Json.Nodes;
using Enrichment.Aws.StepFunctions;
using Enrichment.Testing.Moto;

namespace Enrichment.Aws.Tests.Support;

/// <summary>State machines in moto for the Step Functions tests (the product never creates them).</summary>
internal static class MotoStateMachines
{
    /// <summary>A one-state machine that waits long enough for executions to stay RUNNING during a test.</summary>
    public static async Task<string> CreateAsync()
    {
        const string definition = """{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":600,"End":true}}}""";
        using var stepFunctions = new MotoStepFunctions(AwsTestEnvironment.Moto);
        return await stepFunctions.CreateStateMachineAsync(MotoClients.UniqueName("poller"), definition);
    }

    /// <summary>Execution names through the product client's raw call (an operation it does not model).</summary>
    public static async Task<IReadOnlyList<string>> ExecutionNamesAsync(StepFunctionsClient client, string stateMachineArn)
    {
        var request = new JsonObject { ["stateMachineArn"] = stateMachineArn };
        var response = JsonNode.Parse(await client.SendRawAsync("ListExecutions", request.ToJsonString(), CancellationToken.None))!;
        return response["executions"]!.AsArray().Select(execution => execution!["name"]!.GetValue<string>()).ToArray();
    }
}
