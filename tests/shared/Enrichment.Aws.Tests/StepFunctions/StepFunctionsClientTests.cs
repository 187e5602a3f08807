using Enrichment.Aws.StepFunctions;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Serialization.StepFunctions;

namespace Enrichment.Aws.Tests.StepFunctions;

/// <summary>The own Step Functions client against moto's Step Functions.</summary>
[TestFixture]
public sealed class StepFunctionsClientTests
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

    [Test]
    public async Task StartExecution_ThenDescribe_ReturnsTheExecutionWithItsInput()
    {
        var name = MotoClients.UniqueName("job");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var started = await _client.StartExecutionAsync(new SfnStartExecutionRequest(_stateMachineArn, name, "{\"jobId\":\"j1\",\"attempt\":0,\"waitSeconds\":5}"), CancellationToken.None);
        var described = await _client.DescribeExecutionAsync(started.ExecutionArn, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(started.ExecutionArn, Does.EndWith(":" + name));
            Assert.That(started.StartDate, Is.GreaterThan(before));
            Assert.That(described.ExecutionArn, Is.EqualTo(started.ExecutionArn));
            Assert.That(described.StateMachineArn, Is.EqualTo(_stateMachineArn));
            Assert.That(described.Name, Is.EqualTo(name));
            Assert.That(described.Status, Is.EqualTo("RUNNING"));
            Assert.That(described.Input, Is.EqualTo("{\"jobId\":\"j1\",\"attempt\":0,\"waitSeconds\":5}"));
        });
    }

    [Test]
    public void DescribeExecution_Unknown_ThrowsWithTheAwsErrorCode()
    {
        var exception = Assert.ThrowsAsync<StepFunctionsException>(() => _client.DescribeExecutionAsync(_stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":nope", CancellationToken.None));

        Assert.That(exception!.ErrorCode, Is.EqualTo("ExecutionDoesNotExist"));
        Assert.That(exception.IsTransient, Is.False);
    }

    [Test]
    public void StartExecution_UnknownStateMachine_ThrowsStateMachineDoesNotExist()
    {
        var exception = Assert.ThrowsAsync<StepFunctionsException>(() => _client.StartExecutionAsync(
            new SfnStartExecutionRequest("arn:aws:states:us-east-1:123456789012:stateMachine:missing", "x", "{}"), CancellationToken.None));

        Assert.That(exception!.ErrorCode, Is.EqualTo("StateMachineDoesNotExist"));
    }
}
