using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Enrichment.Aws.Configuration;
using Enrichment.Aws.S3;
using Enrichment.Aws.StepFunctions;
using Enrichment.Aws.Tests.Iam;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Mx;
using Enrichment.Core.Services;
using Enrichment.Functions.Aggregate;
using Enrichment.Functions.Api;
using Enrichment.Functions.CheckCompletion;
using Enrichment.Functions.Split;
using Enrichment.Functions.Webhook;
using Enrichment.Functions.Worker;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Logging;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Core.Workflow;
using Enrichment.Local.StateMachine;
using Enrichment.Local.Workflow;
using Enrichment.Testing;
using Enrichment.Testing.Events;
using Enrichment.Testing.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// The product on its AWS adapters against moto with IAM enforced (<see cref="IamMoto"/>): each function
/// (api, split, worker, check-completion, aggregate, webhook) runs in its own container whose SDK clients sign with its
/// own IAM user's keys, and that user has exactly the function role's policies from the Terraform plan
/// (<see cref="FunctionUsers"/>). The api and worker handlers are called with the events AWS would send, a
/// driver stands in for the SQS event source mapping (receiving and deleting with the worker's keys, as the
/// mapping uses the function's role), and the local ASL runner stands in for Step Functions' execution of
/// statemachines/enrichment.asl.json (moto only records the StartExecution the api makes; the driver reads its
/// input back from moto). Resources are made with the admin's keys, as Terraform would make them.
/// </summary>
internal sealed class AwsPipeline : IAsyncDisposable
{
    public const int MaxReceiveCount = 3;

    private readonly Dictionary<string, ServiceProvider> _services;
    private readonly AmazonSQSClient _sqs;
    private readonly AmazonSQSClient _adminSqs;
    private readonly StepFunctionsClient _adminStepFunctions;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private int _invocation;

    private AwsPipeline(IamMoto moto, FunctionUsers users, Dictionary<string, ServiceProvider> services, Queues queues, string table, string bucket, string stateMachineArn)
    {
        TableName = table;
        Moto = moto;
        Users = users;
        _services = services;
        _sqs = moto.Sqs(users["worker"]);
        _adminSqs = moto.Sqs(moto.Admin);
        _adminStepFunctions = moto.StepFunctions(_http, moto.Admin);
        QueueUrl = queues.MainUrl;
        QueueArn = queues.MainArn;
        DeadLetterUrl = queues.DeadLetterUrl;
        DeadLetterArn = queues.DeadLetterArn;
        BucketName = bucket;
        StateMachineArn = stateMachineArn;
        Api = services["api"].GetRequiredService<ApiFunction>();
        Worker = services["worker"].GetRequiredService<WorkerFunction>();
        Split = services["split"].GetRequiredService<SplitFunction>();
    }

    public IamMoto Moto { get; }

    /// <summary>Each function's IAM user's keys.</summary>
    public FunctionUsers Users { get; }

    public ApiFunction Api { get; }

    public WorkerFunction Worker { get; }

    /// <summary>The split function, in its own container (S3 invokes it for an upload).</summary>
    public SplitFunction Split { get; }

    public string QueueUrl { get; }

    public string QueueArn { get; }

    public string DeadLetterUrl { get; }

    public string DeadLetterArn { get; }

    public string TableName { get; }

    public string BucketName { get; }

    public string StateMachineArn { get; }

    /// <summary>
    /// Reads of objects that were not there, as "function: operation key" (see <see cref="NotFoundRecorder"/>):
    /// each would be a 403 on AWS, where moto answers 404.
    /// </summary>
    public IReadOnlyCollection<string> NotFoundReads { get; private init; } = [];

    /// <summary>Highest ApproximateReceiveCount the driver saw on the main queue.</summary>
    public int MaxReceiveCountSeen { get; private set; }

    /// <summary>Messages the driver handed to the worker from the dead-letter queue.</summary>
    public int DeadLettersDelivered { get; private set; }

    /// <summary>Worker deliveries, main queue and dead letters together.</summary>
    public int Deliveries { get; private set; }

    /// <summary>How often each message id reached the worker.</summary>
    public Dictionary<string, int> DeliveriesByMessage { get; } = new(StringComparer.Ordinal);

    /// <summary>The message ids of the last receive that got any.</summary>
    public IReadOnlyList<string> LastReceived { get; private set; } = [];

    /// <summary>Worker invocations cut off by <see cref="InvocationTimeout"/> (their whole receive comes back).</summary>
    public int TimedOutInvocations { get; private set; }

    /// <summary>The worker function's timeout: the invocation's token is cancelled after it.</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <param name="decorateStore">Wraps the worker's real S3 store (fault injection); null keeps it as is.</param>
    /// <param name="providerDirectory">The folder of http provider definitions the deployment offers (ENRICHMENT_PROVIDER_DIR).</param>
    /// <param name="dnsServer">The mx provider's resolver (ENRICHMENT_DNS_SERVER).</param>
    public static async Task<AwsPipeline> CreateAsync(
        int visibilityTimeoutSeconds,
        int batchSize,
        Func<IObjectStore, IObjectStore>? decorateStore = null,
        TimeSpan? invocationTimeout = null,
        string? providerDirectory = null,
        string? dnsServer = null,
        TimeProvider? time = null)
    {
        var planned = await PlannedFunctionPolicies.GetAsync();
        var moto = await IamMoto.GetAsync();
        using var dynamoDb = moto.DynamoDb(moto.Admin);
        using var s3 = moto.S3(moto.Admin);
        using var sqs = moto.Sqs(moto.Admin);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var table = await MotoResources.CreateControlTableAsync(dynamoDb);
        var bucket = await MotoResources.CreateBucketAsync(s3);
        var queues = await CreateQueuesAsync(sqs, visibilityTimeoutSeconds);
        var stateMachineArn = await CreateStateMachineAsync(moto.StepFunctions(http, moto.Admin));
        var users = await FunctionUsers.CreateAsync(
            moto,
            planned,
            new DeployedResources($"arn:aws:dynamodb:{moto.Region}:123456789012:table/{table}", queues.MainArn, queues.DeadLetterArn, bucket, stateMachineArn));

        var environment = new Dictionary<string, string>
        {
            ["ENRICHMENT_TABLE"] = table,
            ["ENRICHMENT_QUEUE_URL"] = queues.MainUrl,
            ["ENRICHMENT_DLQ_ARN"] = queues.DeadLetterArn,
            ["ENRICHMENT_BUCKET"] = bucket,
            ["ENRICHMENT_STATE_MACHINE_ARN"] = stateMachineArn,
            ["ENRICHMENT_MAX_RECEIVE_COUNT"] = MaxReceiveCount.ToString(CultureInfo.InvariantCulture),
            ["ENRICHMENT_BATCH_SIZE"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["AWS_REGION"] = moto.Region,
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = moto.DynamoDbEndpoint.ToString(),
            ["LOG_LEVEL"] = "warn",
        };
        if (providerDirectory is not null)
        {
            environment[HttpProviderDefinitionDirectory.Variable] = providerDirectory;
        }

        if (dnsServer is not null)
        {
            environment[MxSettings.ServerVariable] = dnsServer;
        }

        string? Variable(string name) => environment.GetValueOrDefault(name);
        var notFound = new ConcurrentQueue<string>();

        // What AddEnrichmentAws(environment) does in each function, with its IAM user's keys instead of the default chain.
        ServiceProvider Build(string function)
        {
            var collection = new ServiceCollection();
            collection.AddEnrichmentCore(EnvironmentOptions.Read(Variable), StructuredLogger.ForLambda(Variable, TimeProvider.System), HttpProviderDefinitionDirectory.FromEnvironment(Variable), MxSettings.FromEnvironment(Variable));
            var settings = AwsSettings.FromEnvironment(Variable);
            // Registered first: the adapters only add their own store when none is there.
            collection.AddSingleton<IObjectStore>(provider =>
            {
                IObjectStore store = new S3ObjectStore(provider.GetRequiredService<IAmazonS3>(), settings.BucketName, settings.KmsKeyId, provider.GetRequiredService<TimeProvider>());
                if (decorateStore is not null && function == "worker")
                {
                    store = decorateStore(store);
                }

                return new NotFoundRecorder(store, function, notFound);
            });

            collection.AddEnrichmentAwsAdapters(settings, users[function]);
            // Registered as LambdaFunctionHost registers a handler; each container is asked for its own only.
            collection.AddSingleton<ApiFunction>().AddSingleton<SplitFunction>().AddSingleton<WorkerFunction>()
                .AddSingleton<CheckCompletionFunction>().AddSingleton<AggregateFunction>().AddSingleton<WebhookFunction>();
            if (time is not null)
            {
                // Registered last, so the services get it: the test moves the product's clock (the stall timeout).
                collection.AddSingleton(time);
            }

            return collection.BuildServiceProvider();
        }

        var containers = FunctionUsers.Functions.ToDictionary(f => f, Build, StringComparer.Ordinal);
        return new AwsPipeline(moto, users, containers, queues, table, bucket, stateMachineArn)
        {
            NotFoundReads = notFound,
            InvocationTimeout = invocationTimeout ?? TimeSpan.FromSeconds(60),
        };
    }

    public TestLambdaContext Context(string function) => new()
    {
        AwsRequestId = $"{function}-{Interlocked.Increment(ref _invocation)}",
        FunctionName = function,
    };

    /// <summary>POST /jobs with a CSV body, as API Gateway sends it; answers the job id (202 asserted).</summary>
    public async Task<string> SubmitCsvAsync(string csv, string? providers = null)
    {
        var request = ApiRequestBuilder.Post("/jobs").WithBody(csv, "text/csv");
        if (providers is not null)
        {
            request.WithQuery("providers", providers);
        }

        var response = await SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
        return JsonNode.Parse(response.Body!)!["jobId"]!.GetValue<string>();
    }

    /// <summary>The API's OpenAPI document, which every answer <see cref="SendAsync"/> returns must keep.</summary>
    private static readonly OpenApiContract Contract = OpenApiContract.Parse(OpenApiDescription.Json);

    /// <summary>A request through the api function; fails the test when the answer breaks the OpenAPI document.</summary>
    public async Task<APIGatewayHttpApiV2ProxyResponse> SendAsync(ApiRequestBuilder request)
    {
        var apiEvent = request.Build();
        var response = await Api.HandleAsync(apiEvent, Context("api"), CancellationToken.None);
        Contract.Verify(apiEvent, response);
        return response;
    }

    /// <summary>GET /jobs/{id} through the api function.</summary>
    public async Task<JsonNode> StatusAsync(string jobId)
    {
        var response = await SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}"));
        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        return JsonNode.Parse(response.Body!)!;
    }

    /// <summary>POST /jobs/{id}/retry through the api function; answers the status code.</summary>
    public async Task<int> RetryAsync(string jobId)
    {
        var response = await SendAsync(ApiRequestBuilder.Post($"/jobs/{jobId}/retry"));
        return response.StatusCode;
    }

    /// <summary>
    /// The event source mapping: receives from both queues and hands each receive to the worker
    /// until every batch of the job has finished and both queues are empty. Bounded in rounds and time.
    /// </summary>
    public async Task DriveAsync(string jobId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 5_000; round++)
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"the queues did not settle within {timeout}: {(await StatusAsync(jobId)).ToJsonString()}");
            }

            var handled = await PumpAsync(QueueUrl, QueueArn, waitSeconds: 1, delete: true);
            handled += await PumpAsync(DeadLetterUrl, DeadLetterArn, waitSeconds: 0, delete: true);
            if (handled == 0 && await SettledAsync(jobId))
            {
                return;
            }
        }

        Assert.Fail("the driver ran out of rounds");
    }

    /// <summary>Receives and deletes every message on the main queue without handing it to a worker: batches lost in transit.</summary>
    public async Task<int> LoseQueuedMessagesAsync()
    {
        var lost = 0;
        for (var round = 0; round < 1_000; round++)
        {
            var response = await _adminSqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = QueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 });
            if (response.Messages is not { Count: > 0 } messages)
            {
                return lost;
            }

            foreach (var message in messages)
            {
                await _adminSqs.DeleteMessageAsync(QueueUrl, message.ReceiptHandle);
                lost++;
            }
        }

        Assert.Fail("the main queue did not empty");
        return lost;
    }

    /// <summary>One receive of up to 10 messages handed to the worker; answers how many it got.</summary>
    /// <param name="delete">False: leave even the handled messages in the queue (a lost delete), so they come back.</param>
    public async Task<int> PumpAsync(string queueUrl, string queueArn, int waitSeconds, bool delete)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = waitSeconds,
            MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
        });
        var messages = response.Messages ?? [];
        if (messages.Count == 0)
        {
            return 0;
        }

        var sqsEvent = ToEvent(messages, queueArn);
        if (queueArn == QueueArn)
        {
            MaxReceiveCountSeen = Math.Max(MaxReceiveCountSeen, sqsEvent.Records.Max(r => r.ApproximateReceiveCount));
        }
        else
        {
            DeadLettersDelivered += messages.Count;
        }

        Deliveries += messages.Count;
        LastReceived = [.. messages.Select(m => m.MessageId)];
        foreach (var id in LastReceived)
        {
            DeliveriesByMessage[id] = DeliveriesByMessage.GetValueOrDefault(id) + 1;
        }

        SQSBatchResponse result;
        using (var timeout = new CancellationTokenSource(InvocationTimeout))
        {
            try
            {
                result = await Worker.HandleAsync(sqsEvent, Context("worker"), timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // A timed-out invocation is a function error: the event source mapping deletes
                // nothing and every message of the receive comes back after its visibility timeout.
                TimedOutInvocations++;
                return messages.Count;
            }
        }

        var retry = result.BatchItemFailures.Select(f => f.ItemIdentifier).ToHashSet(StringComparer.Ordinal);
        var done = messages.Where(m => !retry.Contains(m.MessageId)).ToList();
        if (delete && done.Count > 0)
        {
            await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = [.. done.Select((m, i) => new DeleteMessageBatchRequestEntry("d" + i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))],
            });
        }

        return messages.Count;
    }

    /// <summary>
    /// Step Functions' part: reads the input of the execution the product started in moto and runs
    /// that execution of statemachines/enrichment.asl.json with the check-completion and aggregate
    /// handlers as its Lambda tasks (pauses capped so the test does not sleep through them).
    /// </summary>
    public async Task<(JsonNode Input, AslExecutionResult Result)> RunPollerAsync(string jobId, int attempt, TimeSpan timeout)
    {
        var executionName = SplitService.ExecutionName(jobId, attempt);
        var executionArn = StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + executionName;
        var description = await _adminStepFunctions.DescribeExecutionAsync(executionArn, CancellationToken.None);
        var input = JsonNode.Parse(description.Input!)!;

        var definition = EnrichmentStateMachine.Load(TestPaths.InRepository("statemachines", "enrichment.asl.json"), PollerLimits.MaxPollsPerExecution, executionTimeoutSeconds: 3600);
        var check = _services["check-completion"].GetRequiredService<CheckCompletionFunction>();
        var aggregate = _services["aggregate"].GetRequiredService<AggregateFunction>();
        var webhook = _services["webhook"].GetRequiredService<WebhookFunction>();
        var resources = EnrichmentStateMachine.Resources(
            (node, ct) => check.HandleAsync(node, Context("check-completion"), ct),
            (node, ct) => aggregate.HandleAsync(node, Context("aggregate"), ct),
            (node, ct) => webhook.HandleAsync(node, Context("webhook"), ct),
            _services[PlannedFunctionPolicies.StateMachine].GetRequiredService<IWorkflowStarter>);
        var time = TimeProvider.System;
        var runner = new LocalStateMachineRunner(definition, resources, time, new AslWaitScheduler(time, TimeSpan.FromMilliseconds(200)));
        using var cancel = new CancellationTokenSource(timeout);
        var result = await runner.RunAsync(executionName, input.DeepClone(), cancel.Token);
        return (input, result);
    }

    /// <summary>Follows a pre-signed download URL as its signer (see <see cref="PresignedAsSigner"/>).</summary>
    public Task<(byte[] Body, string? ContentType)> DownloadAsync(string url) => PresignedAsSigner.GetAsync(Moto, Users, new Uri(url));

    /// <summary>Uploads to a pre-signed upload URL as its signer (see <see cref="PresignedAsSigner"/>).</summary>
    public Task<System.Net.HttpStatusCode> UploadAsync(string url, byte[] body, string contentType) => PresignedAsSigner.PutAsync(Moto, Users, new Uri(url), body, contentType);

    /// <summary>Downloads a pre-signed URL and reads it as CSV.</summary>
    public async Task<(IReadOnlyList<string> Columns, List<string?[]> Rows)> DownloadCsvAsync(string url)
    {
        var (bytes, _) = await DownloadAsync(url);
        using var stream = new MemoryStream(bytes, writable: false);
        var reader = ContactReaders.Open(stream, InputFormat.Csv);
        var rows = new List<string?[]>();
        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            rows.Add(record.Values);
        }

        return (reader.Columns, rows);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _services.Values)
        {
            await container.DisposeAsync();
        }

        _sqs.Dispose();
        _adminSqs.Dispose();
        _http.Dispose();
    }

    private async Task<bool> SettledAsync(string jobId)
    {
        var status = await StatusAsync(jobId);
        var batches = status["batches"]!;
        var finished = batches["done"]!.GetValue<int>() + batches["failed"]!.GetValue<int>();
        if (finished < batches["total"]!.GetValue<int>())
        {
            return false;
        }

        return await InFlightAsync(QueueUrl) == 0 && await InFlightAsync(DeadLetterUrl) == 0;
    }

    private async Task<int> InFlightAsync(string queueUrl)
    {
        var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible + attributes.ApproximateNumberOfMessagesDelayed;
    }

    private static SQSEvent ToEvent(List<Message> messages, string queueArn) => new()
    {
        Records =
        [
            .. messages.Select(m => new SQSEvent.SQSMessage
            {
                MessageId = m.MessageId,
                ReceiptHandle = m.ReceiptHandle,
                Body = m.Body,
                Md5OfBody = m.MD5OfBody,
                EventSource = "aws:sqs",
                EventSourceArn = queueArn,
                AwsRegion = "us-east-1",
                Attributes = m.Attributes is { } attributes ? new Dictionary<string, string>(attributes) : [],
            }),
        ],
    };

    private static async Task<string> CreateStateMachineAsync(StepFunctionsClient admin)
    {
        const string definition = """{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":600,"End":true}}}""";
        var request = new JsonObject { ["name"] = MotoClients.UniqueName("poller"), ["definition"] = definition, ["roleArn"] = "arn:aws:iam::123456789012:role/enrichment-sfn" };
        var response = JsonNode.Parse(await admin.SendRawAsync("CreateStateMachine", request.ToJsonString(), CancellationToken.None))!;
        return response["stateMachineArn"]!.GetValue<string>();
    }

    private static async Task<Queues> CreateQueuesAsync(AmazonSQSClient sqs, int visibilityTimeoutSeconds)
    {
        var deadLetterUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = MotoClients.UniqueName("batches-dlq") })).QueueUrl;
        var deadLetterArn = await ArnAsync(sqs, deadLetterUrl);
        var redrive = new JsonObject { ["deadLetterTargetArn"] = deadLetterArn, ["maxReceiveCount"] = MaxReceiveCount.ToString(CultureInfo.InvariantCulture) };
        var mainUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = MotoClients.UniqueName("batches"),
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["RedrivePolicy"] = redrive.ToJsonString(),
            },
        })).QueueUrl;
        return new Queues(mainUrl, await ArnAsync(sqs, mainUrl), deadLetterUrl, deadLetterArn);
    }

    private static async Task<string> ArnAsync(AmazonSQSClient sqs, string queueUrl) =>
        (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] })).QueueARN;

    private sealed record Queues(string MainUrl, string MainArn, string DeadLetterUrl, string DeadLetterArn);
}
