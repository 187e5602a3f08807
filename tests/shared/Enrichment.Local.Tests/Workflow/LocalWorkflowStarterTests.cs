using System.Text.Json.Nodes;
using Enrichment.Core.Workflow;
using Enrichment.Local.StateMachine;
using Enrichment.Local.Workflow;

namespace Enrichment.Local.Tests.Workflow;

public sealed class LocalWorkflowStarterTests
{
    private const string Definition = """
        {"StartAt":"Check","States":{
          "Check":{"Type":"Task","Resource":"check","Parameters":{"jobId.$":"$.jobId","attempt.$":"$.attempt"},"ResultPath":"$.r","Next":"Done?"},
          "Done?":{"Type":"Choice","Choices":[{"Variable":"$.r.done","BooleanEquals":true,"Next":"Done"}],"Default":"Wait"},
          "Wait":{"Type":"Wait","SecondsPath":"$.waitSeconds","Next":"Check"},
          "Done":{"Type":"Succeed","OutputPath":"$.r"}}}
        """;

    private TempDirectory _directory = null!;
    private int _checks;
    private TaskCompletionSource _gate = null!;

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory();
        _checks = 0;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate.SetResult();
    }

    [TearDown]
    public void Remove() => _directory.Dispose();

    private LocalWorkflowStarter Starter(Func<JsonNode?, CancellationToken, Task<JsonNode?>>? check = null)
    {
        check ??= async (input, token) =>
        {
            await _gate.Task.WaitAsync(token);
            var n = Interlocked.Increment(ref _checks);
            return JsonNode.Parse($$"""{"jobId":"{{input!["jobId"]}}","done":{{(n >= 2 ? "true" : "false")}},"checks":{{n}}}""");
        };
        var runner = new LocalStateMachineRunner(
            AslDefinition.Parse(Definition),
            new Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> { ["check"] = check },
            TimeProvider.System,
            new AslWaitScheduler(TimeProvider.System, TimeSpan.Zero));
        return new LocalWorkflowStarter(_directory.Path, runner, TimeProvider.System);
    }

    [Test]
    public async Task Start_RunsInTheBackground_AndRecordsTheEnd()
    {
        await using var starter = Starter();

        await starter.StartAsync("j1-0", new PollerInput("j1", 0, 0), CancellationToken.None);
        var record = await starter.WaitForCompletionAsync("j1-0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(record.Status, Is.EqualTo(LocalExecutionStatus.Succeeded));
        Assert.That(JsonNode.Parse(record.Output!)!["checks"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(record.StatesEntered, Is.EqualTo(new[] { "Check", "Done?", "Wait", "Check", "Done?", "Done" }));
        Assert.That(record.Input, Is.EqualTo("""{"jobId":"j1","attempt":0,"waitSeconds":0,"generation":0,"polls":0}"""));
        Assert.That(record.FinishedAt, Is.Not.Null);
    }

    [Test]
    public async Task Start_SameNameAndInputTwice_RunsOnce()
    {
        await using var starter = Starter();

        await starter.StartAsync("j1-0", new PollerInput("j1", 0, 0), CancellationToken.None);
        await starter.StartAsync("j1-0", new PollerInput("j1", 0, 0), CancellationToken.None);
        await starter.WaitForCompletionAsync("j1-0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await starter.StartAsync("j1-0", new PollerInput("j1", 0, 0), CancellationToken.None);

        Assert.That(_checks, Is.EqualTo(2));
    }

    [Test]
    public async Task Start_SameNameOtherInput_IsRefused()
    {
        await using var starter = Starter();
        await starter.StartAsync("j1-0", new PollerInput("j1", 0, 0), CancellationToken.None);

        Assert.That(
            async () => await starter.StartAsync("j1-0", new PollerInput("j1", 1, 0), CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contain("ExecutionAlreadyExists"));
    }

    [Test]
    public async Task Restart_ResumesUnfinishedExecutionsFromTheirInput()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var first = Starter())
        {
            await first.StartAsync("j1-0", new PollerInput("j1", 0, 0), CancellationToken.None);
            Assert.That((await first.GetAsync("j1-0", CancellationToken.None))!.Status, Is.EqualTo(LocalExecutionStatus.Running));
            // The host stops while the first check hangs.
        }

        _gate.SetResult();
        await using var second = Starter();
        Assert.That(await second.ResumeUnfinishedAsync(CancellationToken.None), Is.EqualTo(1));

        var record = await second.WaitForCompletionAsync("j1-0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(record.Status, Is.EqualTo(LocalExecutionStatus.Succeeded));
        Assert.That(await second.ResumeUnfinishedAsync(CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task FailedExecution_IsRecordedWithItsError()
    {
        await using var starter = Starter((_, _) => throw new InvalidOperationException("boom"));

        await starter.StartAsync("j2-0", new PollerInput("j2", 0, 0), CancellationToken.None);
        var record = await starter.WaitForCompletionAsync("j2-0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(record.Status, Is.EqualTo(LocalExecutionStatus.Failed));
        Assert.That(record.Error, Is.EqualTo("InvalidOperationException"));
        Assert.That(record.Cause, Is.EqualTo("boom"));
    }

    [Test]
    public async Task Get_Unknown_IsNull()
    {
        await using var starter = Starter();

        Assert.That(await starter.GetAsync("nope", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task WaitForCompletion_AfterTheEnd_AnswersAtOnce()
    {
        await using var starter = Starter();
        await starter.StartAsync("j3-0", new PollerInput("j3", 0, 0), CancellationToken.None);
        await starter.WaitForCompletionAsync("j3-0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var again = await starter.WaitForCompletionAsync("j3-0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(again.Status, Is.EqualTo(LocalExecutionStatus.Succeeded));
    }
}
