using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;

namespace Enrichment.Local.Tests.StateMachine;

public sealed class LocalStateMachineRunnerTests
{
    private static string Machine(string states, string start = "A", string extra = "") =>
        "{\"StartAt\":\"" + start + "\"" + extra + ",\"States\":{" + states + "}}";

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    [Test]
    public async Task Pass_Result_PlacedAtResultPath()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.out.r","End":true}
            """), """{"keep":true}""");

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(Json(result.Output), Is.EqualTo("""{"keep":true,"out":{"r":{"x":1}}}"""));
    }

    [Test]
    public async Task Pass_WithoutResult_PassesItsInput()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Pass","End":true}
            """), """{"a":[1,2]}""");

        Assert.That(Json(result.Output), Is.EqualTo("""{"a":[1,2]}"""));
    }

    [Test]
    public async Task Parameters_SelectPathsAndCopyConstants_AndReadTheContext()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Pass","Parameters":{"id.$":"$.job.id","first.$":"$.items[0]","fixed":"v","nested":{"n.$":"$.n"},"exec.$":"$$.Execution.Name","state.$":"$$.State.Name"},"End":true}
            """), """{"job":{"id":"j1"},"items":["a","b"],"n":3}""");

        Assert.That(Json(result.Output), Is.EqualTo("""{"id":"j1","first":"a","fixed":"v","nested":{"n":3},"exec":"exec-1","state":"A"}"""));
    }

    [Test]
    public async Task InputPath_And_OutputPath_Select()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Pass","InputPath":"$.inner","OutputPath":"$.value","End":true}
            """), """{"inner":{"value":42},"other":1}""");

        Assert.That(Json(result.Output), Is.EqualTo("42"));
    }

    [Test]
    public async Task NullPaths_DiscardAsTheServiceDoes()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Pass","Result":"ignored","ResultPath":null,"Next":"B"},
            "B":{"Type":"Pass","InputPath":null,"Next":"C"},
            "C":{"Type":"Pass","Result":{"x":1},"OutputPath":null,"End":true}
            """), """{"a":1}""");

        Assert.That(Json(result.Output), Is.EqualTo("{}"));
        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "A", "B", "C" }));
    }

    [Test]
    public async Task ResultPathNull_KeepsInput()
    {
        var kit = new AslTestKit().Script("r", """{"big":"result"}""");

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"r","ResultPath":null,"End":true}
            """), """{"a":1}""");

        Assert.That(Json(result.Output), Is.EqualTo("""{"a":1}"""));
    }

    [Test]
    public async Task MissingInputPath_FailsWithStatesRuntime()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Pass","InputPath":"$.nope","End":true}
            """));

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Failed));
        Assert.That(result.Error, Is.EqualTo("States.Runtime"));
    }

    [Test]
    public async Task Task_ParametersGoIn_ResultSelectorAndResultPathShapeTheOutput()
    {
        var kit = new AslTestKit().Script("fn", """{"done":true,"noise":"x","count":7}""");

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"fn","Parameters":{"jobId.$":"$.jobId"},"ResultSelector":{"done.$":"$.done","n.$":"$.count"},"ResultPath":"$.check","End":true}
            """), """{"jobId":"j9","attempt":0}""");

        Assert.That(kit.Calls.Single().Input, Is.EqualTo("""{"jobId":"j9"}"""));
        Assert.That(Json(result.Output), Is.EqualTo("""{"jobId":"j9","attempt":0,"check":{"done":true,"n":7}}"""));
    }

    [Test]
    public async Task Task_RetriesWithBackoffCappedByMaxDelay_ThenSucceeds()
    {
        var kit = new AslTestKit().Script("fn", new TimeoutException("1"), new TimeoutException("2"), new TimeoutException("3"), """{"ok":1}""");

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"fn","Retry":[{"ErrorEquals":["TimeoutException"],"IntervalSeconds":2,"MaxAttempts":5,"BackoffRate":3,"MaxDelaySeconds":10}],"End":true}
            """));

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(kit.Calls, Has.Count.EqualTo(4));
        Assert.That(kit.Waits.Requested, Is.EqualTo(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(10) }));
    }

    [Test]
    public async Task Task_RetriesExhausted_CatchPutsErrorAtResultPath()
    {
        var kit = new AslTestKit().Script("fn", new InvalidOperationException("broken"));

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"fn","Retry":[{"ErrorEquals":["States.TaskFailed"],"IntervalSeconds":1,"MaxAttempts":2}],
                 "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"B"}],"Next":"C"},
            "B":{"Type":"Pass","End":true},
            "C":{"Type":"Succeed"}
            """), """{"jobId":"j"}""");

        Assert.That(kit.Calls, Has.Count.EqualTo(3));
        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "A", "B" }));
        Assert.That(Json(result.Output), Is.EqualTo("""{"jobId":"j","error":{"Error":"InvalidOperationException","Cause":"broken"}}"""));
    }

    [Test]
    public async Task Run_TellsTheSchedulerTheExecutionEnded_SucceededOrFailed()
    {
        var kit = new AslTestKit().Script("fn", """{"ok":true}""").Script("broken", new InvalidOperationException("no"));

        await kit.Runner(Machine(""" "A":{"Type":"Task","Resource":"fn","End":true} """)).RunAsync("exec-ok", null, CancellationToken.None);
        await kit.Runner(Machine(""" "A":{"Type":"Task","Resource":"broken","End":true} """)).RunAsync("exec-failed", null, CancellationToken.None);

        // A wake-up kept for an ended execution would never be spent.
        Assert.That(kit.Waits.Forgotten, Is.EqualTo(new[] { "exec-ok", "exec-failed" }));
    }

    [Test]
    public async Task Task_CustomErrorName_MatchesItsRetrierNotAnother()
    {
        var kit = new AslTestKit().Script("fn", new AslErrorException("Lambda.TooManyRequestsException", "slow down"), """{"ok":true}""");

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"fn","Retry":[{"ErrorEquals":["Other"],"MaxAttempts":9,"IntervalSeconds":99},{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":1,"MaxAttempts":1}],"End":true}
            """));

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(kit.Waits.Requested, Is.EqualTo(new[] { TimeSpan.FromSeconds(1) }));
    }

    [Test]
    public async Task Task_UncaughtError_FailsTheExecutionWithItsNameAndCause()
    {
        var kit = new AslTestKit().Script("fn", new AslErrorException("MyError", "why"));

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"fn","Catch":[{"ErrorEquals":["OtherError"],"Next":"B"}],"End":true},
            "B":{"Type":"Succeed"}
            """));

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Failed));
        Assert.That(result.Error, Is.EqualTo("MyError"));
        Assert.That(result.Cause, Is.EqualTo("why"));
    }

    [Test]
    public async Task Task_MaxAttemptsZero_NeverRetries()
    {
        var kit = new AslTestKit().Script("fn", new InvalidOperationException("x"));

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"fn","Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":0}],"End":true}
            """));

        Assert.That(kit.Calls, Has.Count.EqualTo(1));
        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Failed));
    }

    [Test]
    public async Task Task_Timeout_IsStatesTimeout_NotMatchedByTaskFailed()
    {
        var kit = new AslTestKit();
        kit.Handle("slow", async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return null;
        });
        var runner = kit.Runner(Machine("""
            "A":{"Type":"Task","Resource":"slow","TimeoutSeconds":5,
                 "Retry":[{"ErrorEquals":["States.TaskFailed"],"MaxAttempts":3}],
                 "Catch":[{"ErrorEquals":["States.Timeout"],"Next":"T"}],"End":true},
            "T":{"Type":"Pass","Result":"timed out","End":true}
            """));

        var running = runner.RunAsync("e", new JsonObject(), CancellationToken.None);
        await kit.Time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(10));
        kit.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "A", "T" }));
        Assert.That(kit.Waits.Requested, Is.Empty, "States.TaskFailed must not retry a timeout");
        Assert.That(Json(result.Output), Is.EqualTo("\"timed out\""));
    }

    [Test]
    public async Task Machine_TimeoutSeconds_EndsTheExecutionAsTimedOut()
    {
        var kit = new AslTestKit();
        kit.Handle("forever", async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return null;
        });
        var runner = kit.Runner(Machine("""
            "A":{"Type":"Task","Resource":"forever","End":true}
            """, extra: ",\"TimeoutSeconds\":60"));

        var running = runner.RunAsync("e", new JsonObject(), CancellationToken.None);
        await kit.Time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(10));
        kit.Time.Advance(TimeSpan.FromSeconds(60));
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.TimedOut));
        Assert.That(result.Error, Is.EqualTo("States.Timeout"));
    }

    [Test]
    public async Task CallerCancellation_AbandonsTheExecution()
    {
        var kit = new AslTestKit();
        var started = new TaskCompletionSource();
        kit.Handle("forever", async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return null;
        });
        using var cancel = new CancellationTokenSource();
        var running = kit.Runner(Machine("""
            "A":{"Type":"Task","Resource":"forever","End":true}
            """)).RunAsync("e", null, cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();

        Assert.That(async () => await running.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Wait_SecondsAndSecondsPath_AskTheSchedulerForTheDuration()
    {
        var kit = new AslTestKit();

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Wait","Seconds":5,"Next":"B"},
            "B":{"Type":"Wait","SecondsPath":"$.wait","Next":"C"},
            "C":{"Type":"Succeed"}
            """), """{"wait":12}""");

        Assert.That(kit.Waits.Requested, Is.EqualTo(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12) }));
        Assert.That(Json(result.Output), Is.EqualTo("""{"wait":12}"""));
    }

    [Test]
    public async Task Wait_Timestamp_WaitsUntilThen()
    {
        var kit = new AslTestKit();
        var until = kit.Time.GetUtcNow().AddMinutes(3).ToString("yyyy-MM-ddTHH:mm:ssZ");

        await kit.RunAsync(Machine($$"""
            "A":{"Type":"Wait","Timestamp":"{{until}}","End":true}
            """));

        Assert.That(kit.Waits.Requested, Is.EqualTo(new[] { TimeSpan.FromMinutes(3) }));
    }

    [Test]
    public async Task Wait_NegativeSecondsPath_FailsWithStatesRuntime()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Wait","SecondsPath":"$.w","End":true}
            """), """{"w":-1}""");

        Assert.That(result.Error, Is.EqualTo("States.Runtime"));
    }

    [TestCase("""{"Variable":"$.s","StringEquals":"go","Next":"Yes"}""", """{"s":"go"}""", "Yes")]
    [TestCase("""{"Variable":"$.s","StringEquals":"go","Next":"Yes"}""", """{"s":"stop"}""", "No")]
    [TestCase("""{"Variable":"$.s","StringEqualsPath":"$.t","Next":"Yes"}""", """{"s":"a","t":"a"}""", "Yes")]
    [TestCase("""{"Variable":"$.n","NumericEquals":3,"Next":"Yes"}""", """{"n":3.0}""", "Yes")]
    [TestCase("""{"Variable":"$.n","NumericLessThan":3,"Next":"Yes"}""", """{"n":2}""", "Yes")]
    [TestCase("""{"Variable":"$.n","NumericGreaterThan":3,"Next":"Yes"}""", """{"n":3}""", "No")]
    [TestCase("""{"Variable":"$.n","NumericGreaterThanEquals":3,"Next":"Yes"}""", """{"n":3}""", "Yes")]
    [TestCase("""{"Variable":"$.n","NumericLessThanPath":"$.m","Next":"Yes"}""", """{"n":1,"m":2}""", "Yes")]
    [TestCase("""{"Variable":"$.n","NumericGreaterThanPath":"$.m","Next":"Yes"}""", """{"n":1,"m":2}""", "No")]
    [TestCase("""{"Variable":"$.n","NumericEqualsPath":"$.m","Next":"Yes"}""", """{"n":2,"m":2}""", "Yes")]
    [TestCase("""{"Variable":"$.n","NumericEquals":3,"Next":"Yes"}""", """{"n":"3"}""", "No")]
    [TestCase("""{"Variable":"$.b","BooleanEquals":true,"Next":"Yes"}""", """{"b":true}""", "Yes")]
    [TestCase("""{"Variable":"$.b","BooleanEqualsPath":"$.c","Next":"Yes"}""", """{"b":false,"c":false}""", "Yes")]
    [TestCase("""{"Variable":"$.x","IsPresent":true,"Next":"Yes"}""", """{}""", "No")]
    [TestCase("""{"Variable":"$.x","IsPresent":false,"Next":"Yes"}""", """{}""", "Yes")]
    [TestCase("""{"Variable":"$.x","IsNull":true,"Next":"Yes"}""", """{"x":null}""", "Yes")]
    [TestCase("""{"Variable":"$.x","IsNull":true,"Next":"Yes"}""", """{"x":0}""", "No")]
    [TestCase("""{"And":[{"Variable":"$.a","NumericGreaterThan":1},{"Variable":"$.b","BooleanEquals":true}],"Next":"Yes"}""", """{"a":2,"b":true}""", "Yes")]
    [TestCase("""{"And":[{"Variable":"$.a","NumericGreaterThan":1},{"Variable":"$.b","BooleanEquals":true}],"Next":"Yes"}""", """{"a":2,"b":false}""", "No")]
    [TestCase("""{"Or":[{"Variable":"$.a","StringEquals":"x"},{"Variable":"$.a","StringEquals":"y"}],"Next":"Yes"}""", """{"a":"y"}""", "Yes")]
    [TestCase("""{"Not":{"Variable":"$.a","StringEquals":"x"},"Next":"Yes"}""", """{"a":"x"}""", "No")]
    public async Task Choice_Rules(string rule, string input, string expected)
    {
        var result = await new AslTestKit().RunAsync(Machine($$"""
            "A":{"Type":"Choice","Choices":[{{rule}}],"Default":"No"},
            "Yes":{"Type":"Succeed"},
            "No":{"Type":"Succeed"}
            """), input);

        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "A", expected }));
    }

    [Test]
    public async Task Choice_FirstMatchingRuleWins()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Choice","Choices":[
                {"Variable":"$.n","NumericGreaterThan":0,"Next":"First"},
                {"Variable":"$.n","NumericGreaterThan":1,"Next":"Second"}]},
            "First":{"Type":"Succeed"},
            "Second":{"Type":"Succeed"}
            """), """{"n":5}""");

        Assert.That(result.StatesEntered[^1], Is.EqualTo("First"));
    }

    [Test]
    public async Task Choice_NoMatchNoDefault_Fails()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"B"}]},
            "B":{"Type":"Succeed"}
            """), """{"n":2}""");

        Assert.That(result.Error, Is.EqualTo("States.NoChoiceMatched"));
    }

    [Test]
    public async Task Choice_MissingVariable_FailsWithStatesRuntime()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"B"}],"Default":"B"},
            "B":{"Type":"Succeed"}
            """));

        Assert.That(result.Error, Is.EqualTo("States.Runtime"));
    }

    [Test]
    public async Task Fail_EndsWithItsErrorAndCause()
    {
        var result = await new AslTestKit().RunAsync(Machine("""
            "A":{"Type":"Fail","Error":"JobFailed","Cause":"because"}
            """));

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Failed));
        Assert.That((result.Error, result.Cause), Is.EqualTo(("JobFailed", "because")));
        Assert.That(result.Output, Is.Null);
    }

    [Test]
    public async Task Loop_RecordsEveryStateEnteredInOrder()
    {
        var kit = new AslTestKit().Script("check", """{"done":false}""", """{"done":false}""", """{"done":true}""");

        var result = await kit.RunAsync(Machine("""
            "A":{"Type":"Task","Resource":"check","ResultPath":"$.r","Next":"Q"},
            "Q":{"Type":"Choice","Choices":[{"Variable":"$.r.done","BooleanEquals":true,"Next":"End"}],"Default":"W"},
            "W":{"Type":"Wait","Seconds":1,"Next":"A"},
            "End":{"Type":"Succeed"}
            """));

        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "A", "Q", "W", "A", "Q", "W", "A", "Q", "End" }));
    }

    [Test]
    public async Task MaxTransitions_StopsARunawayLoop()
    {
        var kit = new AslTestKit();
        var runner = new LocalStateMachineRunner(
            AslDefinition.Parse(Machine("""
                "A":{"Type":"Pass","Next":"A"}
                """)),
            new Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>>(),
            kit.Time) { MaxTransitions = 50 };

        var result = await runner.RunAsync("e", null, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Failed));
        Assert.That(result.StatesEntered, Has.Count.EqualTo(50));
    }
}
