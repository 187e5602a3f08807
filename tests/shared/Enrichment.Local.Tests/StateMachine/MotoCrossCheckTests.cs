using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;
using Enrichment.Local.Workflow;
using Enrichment.Testing;
using Enrichment.Testing.Moto;

namespace Enrichment.Local.Tests.StateMachine;

/// <summary>
/// Runs the same definition with the same scripted task results on the local runner and on moto's
/// Step Functions engine (a second, independent ASL implementation) and requires the same states,
/// in the same order, and the same end.
/// </summary>
[NonParallelizable]
public sealed class MotoCrossCheckTests
{
    private MotoServer _moto = null!;
    private MotoStepFunctions _sfn = null!;

    [OneTimeSetUp]
    public async Task StartMotoAsync()
    {
        _moto = await MotoServer.StartAsync();
        _sfn = new MotoStepFunctions(_moto);
    }

    /// <summary>
    /// moto 5.2.1 answers 500 to a StartExecution that follows an execution its engine already ran
    /// (it deep-copies the old execution's lock), so every scenario starts from a reset moto.
    /// </summary>
    [SetUp]
    public async Task ResetMotoAsync()
    {
        await _moto.ResetAsync();
        await _sfn.EnableExecutionAsync();
    }

    [OneTimeTearDown]
    public async Task StopMotoAsync()
    {
        _sfn?.Dispose();
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }

    private Dictionary<string, string> ProductPlaceholders() => new()
    {
        ["execution_timeout_seconds"] = "600",
        ["check_completion_function_arn"] = _sfn.LambdaArn("check-completion"),
        ["aggregate_function_arn"] = _sfn.LambdaArn("aggregate"),
        ["webhook_function_arn"] = _sfn.LambdaArn("webhook"),
        ["max_polls_per_execution"] = "1000",
    };

    private string[] ProductLambdas() => [_sfn.LambdaArn("check-completion"), _sfn.LambdaArn("aggregate"), _sfn.LambdaArn("webhook")];

    private static string ProductDefinition(Dictionary<string, string> placeholders) =>
        AslDefinition.Render(File.ReadAllText(TestPaths.InRepository("statemachines", "enrichment.asl.json")), placeholders);

    [Test]
    public async Task ProductDefinition_PollsUntilDoneThenAggregates_SameOnBothEngines()
    {
        var placeholders = ProductPlaceholders();
        string[] results =
        [
            """{"jobId":"j1","attempt":0,"done":false,"waitSeconds":0,"batchesFinished":1,"totalBatches":3,"generation":0,"polls":1,"continueAs":"j1-0-c1","nextGeneration":1}""",
            """{"jobId":"j1","attempt":0,"done":false,"waitSeconds":0,"batchesFinished":2,"totalBatches":3,"generation":0,"polls":2,"continueAs":"j1-0-c1","nextGeneration":1}""",
            """{"jobId":"j1","attempt":0,"done":true,"waitSeconds":0,"batchesFinished":3,"totalBatches":3,"generation":0,"polls":3,"continueAs":"j1-0-c1","nextGeneration":1}""",
            """{"jobId":"j1","status":"completed","outputKey":"jobs/j1/output/0/enriched.csv","records":300,"ok":290,"invalid":10,"error":0,"duplicates":0}""",
            """{"jobId":"j1","outcome":"delivered","attempts":1}""",
        ];

        await AssertSameAsync(ProductDefinition(placeholders), """{"jobId":"j1","attempt":0,"waitSeconds":0,"generation":0,"polls":0}""", results, ProductLambdas());
    }

    [Test]
    public async Task ProductDefinition_DoneAtFirstCheck_SameOnBothEngines()
    {
        var placeholders = ProductPlaceholders();
        string[] results =
        [
            """{"jobId":"j2","attempt":1,"done":true,"waitSeconds":0,"batchesFinished":1,"totalBatches":1,"generation":2,"polls":1,"continueAs":"j2-1-c3","nextGeneration":3}""",
            """{"jobId":"j2","status":"completed_with_errors","outputKey":"jobs/j2/output/1/enriched.jsonl","records":10,"ok":5,"invalid":3,"error":2,"duplicates":1}""",
            """{"jobId":"j2","outcome":"none","attempts":0}""",
        ];

        await AssertSameAsync(ProductDefinition(placeholders), """{"jobId":"j2","attempt":1,"waitSeconds":0,"generation":2,"polls":0}""", results, ProductLambdas());
    }

    [Test]
    public async Task PathsTemplatesAndChoices_SameOnBothEngines()
    {
        var task = _sfn.LambdaArn("echo");
        var definition = $$"""
            {
              "StartAt": "Shape",
              "TimeoutSeconds": 120,
              "States": {
                "Shape": {
                  "Type": "Pass",
                  "Parameters": { "id.$": "$.job.id", "count.$": "$.job.count", "tags.$": "$.tags", "fixed": "v", "exec.$": "$$.Execution.Name" },
                  "ResultPath": "$.shaped",
                  "Next": "Call"
                },
                "Call": {
                  "Type": "Task",
                  "Resource": "{{task}}",
                  "InputPath": "$.shaped",
                  "Parameters": { "jobId.$": "$.id", "n.$": "$.count" },
                  "ResultSelector": { "score.$": "$.score", "label.$": "$.label" },
                  "ResultPath": "$.call",
                  "Next": "Route"
                },
                "Route": {
                  "Type": "Choice",
                  "Choices": [
                    { "And": [ { "Variable": "$.call.score", "NumericGreaterThan": 50 }, { "Not": { "Variable": "$.call.label", "StringEquals": "skip" } } ], "Next": "High" },
                    { "Variable": "$.call.score", "NumericLessThanEquals": 50, "Next": "Low" }
                  ],
                  "Default": "Low"
                },
                "High": { "Type": "Pass", "Result": { "route": "high" }, "ResultPath": "$.route", "Next": "Discard" },
                "Low": { "Type": "Pass", "Result": { "route": "low" }, "ResultPath": "$.route", "Next": "Discard" },
                "Discard": { "Type": "Task", "Resource": "{{task}}", "ResultPath": null, "Next": "Pause" },
                "Pause": { "Type": "Wait", "SecondsPath": "$.waitSeconds", "Next": "Check" },
                "Check": {
                  "Type": "Choice",
                  "Choices": [
                    { "Variable": "$.missing", "IsPresent": true, "Next": "Low" },
                    { "Variable": "$.nothing", "IsNull": true, "Next": "Finish" }
                  ],
                  "Default": "Low"
                },
                "Finish": { "Type": "Succeed", "OutputPath": "$.call" }
              }
            }
            """;
        string[] results = ["""{"score":80,"label":"keep","extra":"dropped"}""", """{"ignored":true}"""];

        await AssertSameAsync(definition, """{"job":{"id":"j3","count":4},"tags":["a","b"],"waitSeconds":0,"nothing":null}""", results, [task]);
    }

    [Test]
    public async Task FailState_SameErrorOnBothEngines()
    {
        var task = _sfn.LambdaArn("check");
        var definition = $$"""
            {
              "StartAt": "Check",
              "States": {
                "Check": { "Type": "Task", "Resource": "{{task}}", "ResultPath": "$.r", "Next": "Ok?" },
                "Ok?": { "Type": "Choice", "Choices": [ { "Variable": "$.r.ok", "BooleanEquals": true, "Next": "Done" } ], "Default": "Broken" },
                "Broken": { "Type": "Fail", "Error": "JobFailed", "Cause": "not ok" },
                "Done": { "Type": "Succeed" }
              }
            }
            """;

        await AssertSameAsync(definition, """{"jobId":"j4"}""", ["""{"ok":false}"""], [task]);
    }

    /// <summary>Runs on both engines; every resource in <paramref name="resources"/> takes the next scripted result.</summary>
    private async Task AssertSameAsync(string definition, string input, IReadOnlyList<string> results, IReadOnlyList<string> resources)
    {
        var name = "x" + Guid.NewGuid().ToString("N")[..10];

        await _sfn.QueueLambdaResultsAsync(results);
        var machine = await _sfn.CreateStateMachineAsync(name, definition);
        var execution = await _sfn.StartExecutionAsync(machine, name, input);
        var motoEnd = await _sfn.WaitForExecutionAsync(execution, TimeSpan.FromSeconds(60));
        var motoStates = await _sfn.GetStatesEnteredAsync(execution);

        var script = new Queue<string>(results);
        var handlers = resources.Distinct().ToDictionary(
            r => r,
            Func<JsonNode?, CancellationToken, Task<JsonNode?>> (_) => (_, _) => Task.FromResult(JsonNode.Parse(script.Dequeue())));
        var started = new List<JsonNode?>();
        handlers[StartExecutionResource.Arn] = (parameters, _) =>
        {
            started.Add(parameters);
            return Task.FromResult<JsonNode?>(new JsonObject { ["ExecutionArn"] = parameters?["Name"]?.GetValue<string>() });
        };
        var runner = new LocalStateMachineRunner(AslDefinition.Parse(definition), handlers, TimeProvider.System, new AslWaitScheduler(TimeProvider.System, TimeSpan.Zero), name);
        var local = await runner.RunAsync(name, JsonNode.Parse(input), CancellationToken.None);

        Assert.That(script, Is.Empty, "the local run did not consume every scripted result");
        Assert.That(local.StatesEntered, Is.EqualTo(motoStates), "states entered differ");
        var motoStatus = motoEnd["status"]!.GetValue<string>();
        Assert.That(local.Status.ToString().ToUpperInvariant(), Is.EqualTo(motoStatus.Replace("_", "", StringComparison.Ordinal)));
        if (motoStatus == "SUCCEEDED")
        {
            var motoOutput = JsonNode.Parse(motoEnd["output"]!.GetValue<string>());
            Assert.That(JsonNode.DeepEquals(local.Output, motoOutput), Is.True, $"outputs differ: local {local.Output?.ToJsonString()} moto {motoOutput?.ToJsonString()}");
        }
        else
        {
            Assert.That(local.Error, Is.EqualTo(motoEnd["error"]?.GetValue<string>()));
            Assert.That(local.Cause, Is.EqualTo(motoEnd["cause"]?.GetValue<string>()));
        }
    }
}
