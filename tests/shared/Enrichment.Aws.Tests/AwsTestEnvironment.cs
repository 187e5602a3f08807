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
    private static MotoServer? _moto;
    private static Exception? _startFailure;
    private static SerializingMotoProxy? _dynamoDbProxy;

    public static MotoServer Moto => _moto ?? throw new InvalidOperationException(
        "moto did not start: " + (_startFailure?.ToString() ?? MotoServer.InstallHint), _startFailure);

    /// <summary>DynamoDB requests go through a proxy that serializes them (see <see cref="SerializingMotoProxy"/>).</summary>
    public static Uri DynamoDbEndpoint => _dynamoDbProxy is { } proxy ? proxy.Endpoint : Moto.Endpoint;

    [OneTimeSetUp]
    public async Task StartMotoAsync()
    {
        try
        {
            _moto = await MotoServer.StartAsync();
            _dynamoDbProxy = new SerializingMotoProxy(_moto.Endpoint);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            // Each fixture's setup then fails with this message instead of the run aborting silently.
            _startFailure = exception;
        }
    }

    [OneTimeTearDown]
    public async Task StopMotoAsync()
    {
        await Iam.IamMoto.StopAsync();
        if (_dynamoDbProxy is not null)
        {
            await _dynamoDbProxy.DisposeAsync();
        }

        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }
}
