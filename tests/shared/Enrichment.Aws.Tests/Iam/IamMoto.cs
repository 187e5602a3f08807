using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Enrichment.Aws.StepFunctions;
using Enrichment.Aws.Tests.Support;
using Enrichment.Testing.Moto;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>
/// A moto server of its own that enforces IAM: started with INITIAL_NO_AUTH_ACTION_COUNT, so only the three
/// calls that make the admin user (CreateUser, PutUserPolicy, CreateAccessKey) go unchecked; every later call
/// must be signed by a user whose policies allow it. The admin creates the test's resources and users; each
/// function then calls with its own user's keys. Started on first use, stopped after the last test.
/// </summary>
internal sealed class IamMoto : IAsyncDisposable
{
    private const int UncheckedAdminCalls = 3;
    private const string AdminPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IamMoto? Instance;

    private readonly MotoServer _server;
    private readonly SerializingMotoProxy _dynamoDbProxy;

    private IamMoto(MotoServer server, BasicAWSCredentials admin)
    {
        _server = server;
        Admin = admin;
        _dynamoDbProxy = new SerializingMotoProxy(server.Endpoint);
    }

    public Uri Endpoint => _server.Endpoint;

    /// <summary>DynamoDB through a proxy that serializes requests (see <see cref="SerializingMotoProxy"/>); it keeps the signed Host.</summary>
    public Uri DynamoDbEndpoint => _dynamoDbProxy.Endpoint;

    public string Region => _server.Region;

    public BasicAWSCredentials Admin { get; }

    public string Output => _server.Output;

    public static async Task<IamMoto> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return Instance ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        if (Instance is not null)
        {
            await Instance.DisposeAsync();
            Instance = null;
        }
    }

    public IamQueryClient Iam() => new(Endpoint, Admin.GetCredentials());

    public AmazonDynamoDBClient DynamoDb(AWSCredentials credentials) =>
        new(credentials, new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = DynamoDbEndpoint.ToString(), AuthenticationRegion = Region });

    public AmazonSQSClient Sqs(AWSCredentials credentials) =>
        new(credentials, new AmazonSQSConfig { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public AmazonS3Client S3(AWSCredentials credentials) =>
        new(credentials, new AmazonS3Config { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });

    public AmazonSimpleSystemsManagementClient Ssm(AWSCredentials credentials) =>
        new(credentials, new AmazonSimpleSystemsManagementConfig { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public StepFunctionsClient StepFunctions(HttpClient http, AWSCredentials credentials) =>
        new(http, Endpoint, Region, credentials, TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        await _dynamoDbProxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static async Task<IamMoto> StartAsync()
    {
        var server = await MotoServer.StartAsync(environment: new Dictionary<string, string>
        {
            ["INITIAL_NO_AUTH_ACTION_COUNT"] = UncheckedAdminCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            // Unchecked while moto counts them: the keys they are signed with do not exist yet.
            using var bootstrap = new IamQueryClient(server.Endpoint, new ImmutableCredentials("bootstrap", "bootstrap", null));
            await bootstrap.CreateUserAsync("admin");
            await bootstrap.PutUserPolicyAsync("admin", "everything", AdminPolicy);
            var admin = await bootstrap.CreateAccessKeyAsync("admin");
            return new IamMoto(server, admin);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
