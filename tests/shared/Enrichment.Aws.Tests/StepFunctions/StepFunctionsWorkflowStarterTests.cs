using System.Text.Json;
using Enrichment.Aws.StepFunctions;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;

namespace Enrichment.Aws.Tests.StepFunctions;

/// <summary>Starting the poller on moto's Step Functions: named executions, repeated starts.</summary>
[TestFixture]
public sealed class StepFunctionsWorkflowStarterTests
{
    private HttpClient _http = null!;
    private StepFunctionsClient _client = null!;
    private string _stateMachineArn = null!;

    [OneTimeSetUp]
    public async Task CreateStateMachineOnceAsync()
    {
        _http = new HttpClient();
        _client = MotoClients.StepFunctions(_http);
        _stateMachineArn = await MotoStateMachines.CreateAsync();
    }

    [OneTimeTearDown]
    public void DisposeHttp() => _http?.Dispose();

    private string ExecutionArn(string name) =>
        _stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;

    [Test]
    public async Task Start_NamesTheExecution_AndPassesThePollerInputJson()
    {
        var starter = new StepFunctionsWorkflowStarter(_client, _stateMachineArn);
        var name = MotoClients.UniqueName("job") + "-0";
        var input = new PollerInput("job-42", 2, 15);

        await starter.StartAsync(name, input, CancellationToken.None);

        var described = await _client.DescribeExecutionAsync(ExecutionArn(name), CancellationToken.None);
        Assert.That(described.Name, Is.EqualTo(name));
        Assert.That(JsonSerializer.Deserialize(described.Input!, EnrichmentJsonContext.Default.PollerInput), Is.EqualTo(input));
        Assert.That(described.Input, Does.Contain("\"jobId\":\"job-42\""));
    }

    [Test]
    public async Task Start_SameNameTwice_IsANoOpAndLeavesOneExecution()
    {
        var starter = new StepFunctionsWorkflowStarter(_client, _stateMachineArn);
        var name = MotoClients.UniqueName("job") + "-0";

        await starter.StartAsync(name, new PollerInput("job-1", 0, 10), CancellationToken.None);
        await starter.StartAsync(name, new PollerInput("job-1", 0, 10), CancellationToken.None);

        var names = await MotoStateMachines.ExecutionNamesAsync(_client, _stateMachineArn);
        Assert.That(names.Count(existing => existing == name), Is.EqualTo(1));
    }

    [Test]
    public async Task Start_SameNameOtherInput_ExecutionAlreadyExistsIsANoOp()
    {
        var starter = new StepFunctionsWorkflowStarter(_client, _stateMachineArn);
        var name = MotoClients.UniqueName("job") + "-0";
        await starter.StartAsync(name, new PollerInput("job-1", 0, 10), CancellationToken.None);

        Assert.That(async () => await starter.StartAsync(name, new PollerInput("job-1", 0, 30), CancellationToken.None), Throws.Nothing);

        var described = await _client.DescribeExecutionAsync(ExecutionArn(name), CancellationToken.None);
        Assert.That(described.Input, Does.Contain("\"waitSeconds\":10"), "the first execution stays");
    }

    [Test]
    public void Start_MissingStateMachine_IsNotSwallowed()
    {
        var starter = new StepFunctionsWorkflowStarter(_client, "arn:aws:states:us-east-1:123456789012:stateMachine:absent");

        var exception = Assert.ThrowsAsync<StepFunctionsException>(() => starter.StartAsync("job-x-0", new PollerInput("job-x", 0, 10), CancellationToken.None));

        Assert.That(exception!.ErrorCode, Is.EqualTo("StateMachineDoesNotExist"));
    }
}
