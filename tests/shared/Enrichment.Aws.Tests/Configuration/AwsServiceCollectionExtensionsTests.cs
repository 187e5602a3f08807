using System.Text;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Enrichment.Aws.Configuration;
using Enrichment.Aws.DynamoDb;
using Enrichment.Aws.S3;
using Enrichment.Aws.Sqs;
using Enrichment.Aws.Ssm;
using Enrichment.Aws.StepFunctions;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Batching;
using Enrichment.Core.Costs.Counting;
using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Enrichment.Core.Workflow;
using Enrichment.Testing.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Aws.Tests.Configuration;

/// <summary>The DI registration, resolved and used against moto with settings as the environment would give them.</summary>
[TestFixture]
public sealed class AwsServiceCollectionExtensionsTests
{
    private AwsSettings _settings = null!;

    [OneTimeSetUp]
    public async Task CreateResourcesAsync()
    {
        using var dynamo = MotoClients.DynamoDb();
        using var sqs = MotoClients.Sqs();
        using var s3 = MotoClients.S3();
        var endpoint = MotoClients.Endpoint.ToString();
        var variables = new Dictionary<string, string>
        {
            ["ENRICHMENT_TABLE"] = await MotoResources.CreateControlTableAsync(dynamo),
            ["ENRICHMENT_QUEUE_URL"] = await MotoResources.CreateQueueAsync(sqs),
            ["ENRICHMENT_BUCKET"] = await MotoResources.CreateBucketAsync(s3),
            ["ENRICHMENT_STATE_MACHINE_ARN"] = await MotoStateMachines.CreateAsync(),
            ["AWS_REGION"] = MotoClients.Region,
            ["AWS_ENDPOINT_URL"] = endpoint,
            // DynamoDB through the serializing proxy, like every DynamoDB test here.
            ["AWS_ENDPOINT_URL_DYNAMODB"] = AwsTestEnvironment.DynamoDbEndpoint.ToString(),
        };
        _settings = AwsSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
    }

    private ServiceProvider Build() =>
        new ServiceCollection().AddEnrichmentAwsAdapters(_settings, MotoClients.Credentials).BuildServiceProvider();

    [Test]
    public void Registers_EveryPortOnAws_CountedWhereTheJobsCostIsCounted_AndOneClientOfEachPerContainer()
    {
        using var provider = Build();

        Assert.That(provider.GetRequiredService<IControlTable>(), Is.InstanceOf<CountingControlTable>().With.Property("Inner").InstanceOf<DynamoDbControlTable>());
        Assert.That(provider.GetRequiredService<IBatchQueue>(), Is.InstanceOf<CountingBatchQueue>().With.Property("Inner").InstanceOf<SqsBatchQueue>());
        Assert.That(provider.GetRequiredService<IObjectStore>(), Is.InstanceOf<CountingObjectStore>().With.Property("Inner").InstanceOf<S3ObjectStore>());
        Assert.That(provider.GetRequiredService<IWorkflowStarter>(), Is.InstanceOf<StepFunctionsWorkflowStarter>());
        Assert.That(provider.GetRequiredService<IProviderAnswerCache>(), Is.InstanceOf<CountingAnswerCache>().With.Property("Inner").InstanceOf<DynamoDbProviderAnswerCache>());
        Assert.That(provider.GetRequiredService<ISecretParameters>(), Is.InstanceOf<SsmSecretParameters>());
        var firstSsm = provider.GetRequiredService<IAmazonSimpleSystemsManagement>();
        Assert.That(provider.GetRequiredService<IAmazonSimpleSystemsManagement>(), Is.SameAs(firstSsm));
        var firstS3 = provider.GetRequiredService<IAmazonS3>();
        var firstSqs = provider.GetRequiredService<IAmazonSQS>();
        var firstDynamo = provider.GetRequiredService<IAmazonDynamoDB>();
        var firstTable = provider.GetRequiredService<IControlTable>();
        Assert.That(provider.GetRequiredService<IAmazonS3>(), Is.SameAs(firstS3));
        Assert.That(provider.GetRequiredService<IAmazonSQS>(), Is.SameAs(firstSqs));
        Assert.That(provider.GetRequiredService<IAmazonDynamoDB>(), Is.SameAs(firstDynamo));
        Assert.That(provider.GetRequiredService<IControlTable>(), Is.SameAs(firstTable));
    }

    [Test]
    public void Clients_UseTheEndpointOverrides_AndPathStyleS3()
    {
        using var provider = Build();

        var s3 = (AmazonS3Config)provider.GetRequiredService<IAmazonS3>().Config;
        Assert.That(s3.ServiceURL, Does.StartWith(MotoClients.Endpoint.ToString().TrimEnd('/')));
        Assert.That(s3.ForcePathStyle, Is.True);
        Assert.That(provider.GetRequiredService<IAmazonDynamoDB>().Config.ServiceURL, Does.StartWith(AwsTestEnvironment.DynamoDbEndpoint.ToString().TrimEnd('/')));
        Assert.That(provider.GetRequiredService<StepFunctionsClient>().Endpoint, Is.EqualTo(MotoClients.Endpoint));
        Assert.That(provider.GetRequiredService<IAmazonSimpleSystemsManagement>().Config.ServiceURL, Does.StartWith(MotoClients.Endpoint.ToString().TrimEnd('/')));
    }

    [Test]
    public async Task ResolvedAnswerCacheAndSecretParameters_WorkAgainstMoto()
    {
        using var provider = Build();
        var name = "/enrichment-test/" + Guid.NewGuid().ToString("N")[..12] + "/api-key";
        using (var ssm = MotoClients.Ssm())
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = "secret-value", Type = ParameterType.SecureString });
        }

        var jobId = "job-" + Guid.NewGuid().ToString("N");
        var key = new string('c', 64);
        var cache = provider.GetRequiredService<IProviderAnswerCache>();
        await cache.PutManyAsync(jobId, "person-api", new Dictionary<string, string> { [key] = "answer" }, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);

        Assert.That(await provider.GetRequiredService<ISecretParameters>().GetAsync(name, CancellationToken.None), Is.EqualTo("secret-value"));
        Assert.That(await cache.GetManyAsync(jobId, "person-api", [key], CancellationToken.None), Does.ContainKey(key));
    }

    [Test]
    public async Task ResolvedPorts_WorkEndToEndAgainstMoto()
    {
        using var provider = Build();
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var jobId = "job-" + Guid.NewGuid().ToString("N");
        var job = TestJobs.Create(jobId, JobState.Accepted, now);

        Assert.That(await provider.GetRequiredService<IControlTable>().TryCreateJobAsync(job, CancellationToken.None), Is.True);
        await provider.GetRequiredService<IBatchQueue>().SendAsync([new BatchMessage(jobId, 0, 0, [new BatchRow(1, ["a@example.com"])])], CancellationToken.None);
        await provider.GetRequiredService<IObjectStore>().PutAsync($"jobs/{jobId}/summary.json", Encoding.UTF8.GetBytes("{}"), "application/json", CancellationToken.None);
        await provider.GetRequiredService<IWorkflowStarter>().StartAsync(jobId + "-0", new PollerInput(jobId, 0, 10), CancellationToken.None);

        using var sqs = MotoClients.Sqs();
        var bodies = await MotoResources.DrainAsync(sqs, _settings.QueueUrl, 1, TimeSpan.FromSeconds(20));
        using var http = new HttpClient();
        var names = await MotoStateMachines.ExecutionNamesAsync(MotoClients.StepFunctions(http), _settings.StateMachineArn);
        Assert.That((await provider.GetRequiredService<IControlTable>().GetJobAsync(jobId, CancellationToken.None))?.State, Is.EqualTo(JobState.Accepted));
        Assert.That(bodies.Single(), Does.Contain(jobId));
        Assert.That(await provider.GetRequiredService<IObjectStore>().ExistsAsync($"jobs/{jobId}/summary.json", CancellationToken.None), Is.True);
        Assert.That(names, Does.Contain(jobId + "-0"));
    }
}
