using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.DynamoDBv2;
using Enrichment.Aws.DynamoDb;
using Enrichment.Aws.Tests.Support;

namespace Enrichment.Aws.Tests.DynamoDb;

/// <summary>
/// Request sizes and UnprocessedKeys/UnprocessedItems, which moto neither checks (writes) nor
/// produces: a loopback stub speaks DynamoDB's JSON protocol to the real SDK client, keeps the
/// items it accepted, and leaves chosen requests partly unprocessed.
/// </summary>
[TestFixture]
public sealed class DynamoDbProviderAnswerCacheRetryTests
{
    private const string Table = "control";
    private const string Provider = "person-api";
    private static readonly DateTimeOffset ExpiresAt = DateTimeOffset.UtcNow.AddDays(1);

    private readonly Dictionary<string, JsonObject> _items = [];
    private readonly List<(string Operation, int Count)> _requests = [];
    private Func<string, int, int> _unprocessedOf = (_, _) => 0;
    private TaskCompletionSource _thirdRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackHttpServer _stub = null!;
    private AmazonDynamoDBClient _client = null!;

    [SetUp]
    public void StartStub()
    {
        _items.Clear();
        _requests.Clear();
        _unprocessedOf = (_, _) => 0;
        _thirdRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stub = LoopbackHttpServer.Start(AnswerAsync);
        _client = new AmazonDynamoDBClient(MotoClients.Credentials, new AmazonDynamoDBConfig
        {
            RegionEndpoint = RegionEndpoint.USEast1,
            ServiceURL = _stub.Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
    }

    [TearDown]
    public async Task StopStubAsync()
    {
        _client.Dispose();
        await _stub.DisposeAsync();
    }

    private static string Key(int i) => i.ToString("D64", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Answers(int count) => Enumerable.Range(0, count).ToDictionary(Key, i => "answer" + i);

    private DynamoDbProviderAnswerCache Cache(int maxUnprocessedRetries = 8) =>
        new(_client, Table, TimeProvider.System, maxUnprocessedRetries);

    [Test]
    public async Task Puts_go_in_requests_of_at_most_25_items_and_gets_in_requests_of_at_most_100_keys()
    {
        var cache = Cache();
        await cache.PutManyAsync("job-1", Provider, Answers(251), ExpiresAt, CancellationToken.None);
        var found = await cache.GetManyAsync("job-1", Provider, [.. Answers(251).Keys], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Has.Count.EqualTo(251));
            Assert.That(Requests("BatchWriteItem"), Is.EqualTo(Enumerable.Repeat(25, 10).Append(1)));
            Assert.That(Requests("BatchGetItem"), Is.EqualTo(new[] { 100, 100, 51 }));
        });
    }

    [Test]
    public async Task Unprocessed_items_are_written_again_until_none_are_left()
    {
        // The first two rounds leave some items over; only those are sent again.
        _unprocessedOf = (operation, call) => operation == "BatchWriteItem" && call <= 2 ? 10 - (call * 3) : 0;

        await Cache().PutManyAsync("job-1", Provider, Answers(20), ExpiresAt, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Requests("BatchWriteItem"), Is.EqualTo(new[] { 20, 7, 4 }));
            Assert.That(_items, Has.Count.EqualTo(20));
        });
    }

    [Test]
    public async Task Unprocessed_keys_are_read_again_and_every_answer_comes_back()
    {
        await Cache().PutManyAsync("job-1", Provider, Answers(60), ExpiresAt, CancellationToken.None);
        _unprocessedOf = (operation, call) => operation == "BatchGetItem" && call == 1 ? 45 : 0;

        var found = await Cache().GetManyAsync("job-1", Provider, [.. Answers(60).Keys], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.EquivalentTo(Answers(60)));
            Assert.That(Requests("BatchGetItem"), Is.EqualTo(new[] { 60, 45 }));
        });
    }

    [Test]
    public void Items_left_unprocessed_every_time_fail_the_put_after_the_retry_bound()
    {
        _unprocessedOf = (operation, _) => operation == "BatchWriteItem" ? 2 : 0;

        var error = Assert.ThrowsAsync(
            Is.InstanceOf<Exception>(),
            async () => await Cache(maxUnprocessedRetries: 2).PutManyAsync("job-1", Provider, Answers(5), ExpiresAt, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("2 answer writes were left unprocessed"));
            Assert.That(error.Message, Does.Not.Contain(Key(0)[..20]));
            Assert.That(Requests("BatchWriteItem"), Is.EqualTo(new[] { 5, 2, 2 }));
        });
    }

    [Test]
    public void Keys_left_unprocessed_every_time_fail_the_get_after_the_retry_bound()
    {
        _unprocessedOf = (operation, _) => operation == "BatchGetItem" ? 1 : 0;

        Assert.That(
            async () => await Cache(maxUnprocessedRetries: 1).GetManyAsync("job-1", Provider, [Key(1), Key(2)], CancellationToken.None),
            Throws.Exception.With.Message.Contains("1 answer reads were left unprocessed"));
        Assert.That(Requests("BatchGetItem"), Is.EqualTo(new[] { 2, 1 }));
    }

    [Test]
    public async Task Cancelling_during_the_backoff_stops_the_retries()
    {
        _unprocessedOf = (operation, _) => operation == "BatchWriteItem" ? 1 : 0;
        using var cancel = new CancellationTokenSource();
        var cache = new DynamoDbProviderAnswerCache(_client, Table, TimeProvider.System, maxUnprocessedRetries: 1000);

        var put = cache.PutManyAsync("job-1", Provider, Answers(3), ExpiresAt, cancel.Token);
        await _thirdRequest.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        Assert.That(async () => await put.WaitAsync(TimeSpan.FromSeconds(30)), Throws.InstanceOf<OperationCanceledException>());
    }

    private int[] Requests(string operation)
    {
        lock (_requests)
        {
            return [.. _requests.Where(r => r.Operation == operation).Select(r => r.Count)];
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var request = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var operation = context.Request.Headers["X-Amz-Target"]!.Split('.')[^1];
        JsonObject response;
        lock (_requests)
        {
            response = operation switch
            {
                "BatchWriteItem" => Write(request),
                "BatchGetItem" => Get(request),
                _ => throw new InvalidOperationException("unexpected " + operation),
            };
        }

        var bytes = Encoding.UTF8.GetBytes(response.ToJsonString());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    private JsonObject Write(JsonObject request)
    {
        var writes = request["RequestItems"]![Table]!.AsArray();
        _requests.Add(("BatchWriteItem", writes.Count));
        if (_requests.Count == 3)
        {
            _thirdRequest.TrySetResult();
        }

        var unprocessed = Math.Min(_unprocessedOf("BatchWriteItem", Requests("BatchWriteItem").Length), writes.Count);
        var left = new JsonArray();
        for (var i = 0; i < writes.Count; i++)
        {
            var item = writes[i]!["PutRequest"]!["Item"]!.AsObject();
            if (i >= writes.Count - unprocessed)
            {
                left.Add(writes[i]!.DeepClone());
            }
            else
            {
                _items[ItemKey(item)] = (JsonObject)item.DeepClone();
            }
        }

        return new JsonObject { ["UnprocessedItems"] = left.Count > 0 ? new JsonObject { [Table] = left } : new JsonObject() };
    }

    private JsonObject Get(JsonObject request)
    {
        var asked = request["RequestItems"]![Table]!.AsObject();
        var keys = asked["Keys"]!.AsArray();
        _requests.Add(("BatchGetItem", keys.Count));
        var unprocessed = Math.Min(_unprocessedOf("BatchGetItem", Requests("BatchGetItem").Length), keys.Count);
        var found = new JsonArray();
        var left = new JsonArray();
        for (var i = 0; i < keys.Count; i++)
        {
            if (i >= keys.Count - unprocessed)
            {
                left.Add(keys[i]!.DeepClone());
            }
            else if (_items.TryGetValue(ItemKey(keys[i]!.AsObject()), out var item))
            {
                found.Add(item.DeepClone());
            }
        }

        var leftKeys = (JsonObject)asked.DeepClone();
        leftKeys["Keys"] = left;
        return new JsonObject
        {
            ["Responses"] = new JsonObject { [Table] = found },
            ["UnprocessedKeys"] = left.Count > 0 ? new JsonObject { [Table] = leftKeys } : new JsonObject(),
        };
    }

    private static string ItemKey(JsonObject item) => item["pk"]!["S"]!.GetValue<string>() + "|" + item["sk"]!["S"]!.GetValue<string>();
}
