using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Enrichment.Aws.Configuration;
using Enrichment.Aws.S3;
using Enrichment.Aws.StepFunctions;
using Enrichment.Core.Configuration;
using Enrichment.Functions.Aggregate;
using Enrichment.Functions.Api;
using Enrichment.Functions.CheckCompletion;
using Enrichment.Functions.Split;
using Enrichment.Functions.Webhook;
using Enrichment.Functions.Worker;
using Enrichment.Lambda.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.AwsBench;

/// <summary>
/// The resources Terraform would make (control table, queue, bucket, a state machine that only records
/// its executions), made through the proxy so the URLs moto answers name the proxy, and one container of
/// the product's services on the AWS adapters whose every client goes through the proxy.
/// </summary>
public sealed class BenchStack : IDisposable
{
    private const string Region = "us-east-1";
    private static readonly BasicAWSCredentials Credentials = new("bench", "bench");

    private BenchStack(ServiceProvider services, IAmazonSQS sqs, string queueUrl, string queueArn, string bucket, string stateMachineArn)
    {
        StateMachineArn = stateMachineArn;
        Services = services;
        Sqs = sqs;
        QueueUrl = queueUrl;
        QueueArn = queueArn;
        Bucket = bucket;
    }

    public ServiceProvider Services { get; }

    /// <summary>The event source mapping's client (through the proxy, like the product's).</summary>
    public IAmazonSQS Sqs { get; }

    public string QueueUrl { get; }

    public string QueueArn { get; }

    public string Bucket { get; }

    /// <summary>The state machine the split starts its poller on (moto records the execution and its input).</summary>
    public string StateMachineArn { get; }

    public static async Task<BenchStack> CreateAsync(Uri proxy, int batchSize, CancellationToken cancellationToken)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var table = $"bench-control-{suffix}";
        var bucket = $"bench-{suffix}";
        using (var dynamoDb = new AmazonDynamoDBClient(Credentials, new AmazonDynamoDBConfig { ServiceURL = proxy.ToString(), AuthenticationRegion = Region }))
        {
            await dynamoDb.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = table,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.S)],
                    KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
                },
                cancellationToken);
        }

        using (var s3 = new AmazonS3Client(Credentials, new AmazonS3Config { ServiceURL = proxy.ToString(), AuthenticationRegion = Region, ForcePathStyle = true }))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }

        var sqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = proxy.ToString(), AuthenticationRegion = Region });
        // The product's visibility timeout is six times the worker's 120 s.
        var queueUrl = (await sqs.CreateQueueAsync(
            new CreateQueueRequest { QueueName = $"bench-batches-{suffix}", Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "720" } },
            cancellationToken)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, cancellationToken)).QueueARN;

        string stateMachineArn;
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) })
        {
            var stepFunctions = new StepFunctionsClient(http, proxy, Region, Credentials, TimeProvider.System);
            // moto only records the executions the split starts; the bench runs the stages itself.
            const string definition = """{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":600,"End":true}}}""";
            var request = new JsonObject { ["name"] = $"bench-poller-{suffix}", ["definition"] = definition, ["roleArn"] = "arn:aws:iam::123456789012:role/bench" };
            var response = JsonNode.Parse(await stepFunctions.SendRawAsync("CreateStateMachine", request.ToJsonString(), cancellationToken))!;
            stateMachineArn = response["stateMachineArn"]!.GetValue<string>();
        }

        var environment = new Dictionary<string, string>
        {
            [AwsSettings.TableVariable] = table,
            [AwsSettings.QueueUrlVariable] = queueUrl,
            [AwsSettings.BucketVariable] = bucket,
            [AwsSettings.StateMachineArnVariable] = stateMachineArn,
            ["ENRICHMENT_BATCH_SIZE"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["AWS_REGION"] = Region,
            ["AWS_ENDPOINT_URL"] = proxy.ToString(),
        };
        string? Variable(string name) => environment.GetValueOrDefault(name);
        var services = new ServiceCollection();
        services.AddEnrichmentCore(EnvironmentOptions.Read(Variable), new StructuredLogger(LogFormat.Text, LogLevel.Warning, Console.Error, Console.Error, TimeProvider.System));
        services.AddEnrichmentAwsAdapters(AwsSettings.FromEnvironment(Variable), Credentials);
        // The handlers, registered as LambdaFunctionHost registers each in its function's container.
        services.AddSingleton<ApiFunction>().AddSingleton<SplitFunction>().AddSingleton<WorkerFunction>()
            .AddSingleton<CheckCompletionFunction>().AddSingleton<AggregateFunction>().AddSingleton<WebhookFunction>();
        return new BenchStack(services.BuildServiceProvider(), sqs, queueUrl, queueArn, bucket, stateMachineArn);
    }

    /// <summary>Puts the list straight into moto (the client's upload is not part of any stage).</summary>
    public async Task UploadAsync(Uri moto, string key, string path, CancellationToken cancellationToken)
    {
        using var s3 = new AmazonS3Client(Credentials, new AmazonS3Config { ServiceURL = moto.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = path, ContentType = "text/csv" }, cancellationToken);
    }

    /// <summary>The bucket on moto itself, past the proxy (for setting a run up, not measured).</summary>
    public S3ObjectStore DirectStore(Uri moto) =>
        new(new AmazonS3Client(Credentials, new AmazonS3Config { ServiceURL = moto.ToString(), AuthenticationRegion = Region, ForcePathStyle = true }), Bucket, kmsKeyId: null, TimeProvider.System);

    public void Dispose()
    {
        Services.Dispose();
        Sqs.Dispose();
    }
}
