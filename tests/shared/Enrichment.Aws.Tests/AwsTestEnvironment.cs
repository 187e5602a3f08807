using Enrichment.Aws.Tests.Support;
using Enrichment.Testing.Moto;

namespace Enrichment.Aws.Tests;

/// <summary>
/// One moto server for the whole test assembly (each fixture makes its own table, queue or bucket
/// in it). When moto is missing, every test fails with the install hint: never a skip.
/// </summary>
[SetUpFixture]
public sealed class AwsTestEnvironment
{
    private static MotoServer? RunningMoto;
    private static Exception? StartFailure;
    private static SerializingMotoProxy? DynamoDbProxy;

    public static MotoServer Moto => RunningMoto ?? throw new InvalidOperationException(
        "moto did not start: " + (StartFailure?.ToString() ?? MotoServer.InstallHint), StartFailure);

    /// <summary>DynamoDB requests go through a proxy that serializes them (see <see cref="SerializingMotoProxy"/>).</summary>
    public static Uri DynamoDbEndpoint => DynamoDbProxy is { } proxy ? proxy.Endpoint : Moto.Endpoint;

    [OneTimeSetUp]
    public async Task StartMotoAsync()
    {
        try
        {
            RunningMoto = await MotoServer.StartAsync();
            DynamoDbProxy = new SerializingMotoProxy(RunningMoto.Endpoint);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            // Each fixture's setup then fails with this message instead of the run aborting silently.
            StartFailure = exception;
        }
    }

    [OneTimeTearDown]
    public async Task StopMotoAsync()
    {
        await Iam.IamMoto.StopAsync();
        if (DynamoDbProxy is not null)
        {
            await DynamoDbProxy.DisposeAsync();
        }

        if (RunningMoto is not null)
        {
            await RunningMoto.DisposeAsync();
        }
    }
}
