using Enrichment.Core.Input;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;
using Enrichment.FakePersonApi;

namespace Enrichment.Core.Tests.Providers.Http;

public sealed class HttpProviderTests
{
    private const string KeyVariable = "FAKE_PERSON_API_KEY_FOR_TESTS";
    private const string Key = "sk-test-5f1d9c0e7b";

    private FakePersonApiServer _server = null!;
    private HttpClient _client = null!;
    private ScaledTimeProvider _time = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await FakePersonApiServer.StartAsync();
        _server.State.RequiredApiKey = Key;
        _client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _time = new ScaledTimeProvider(10);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Bulk_MapsAnswersIntoColumnsInChunksOfMaxRecords()
    {
        using var provider = Create(bulk: true, maxRecords: 2);
        var records = Records("ann@acme.com", "bob@globex.org", null, "cy@initech.io");

        await provider.EnrichAsync(records, CancellationToken.None);

        var expected = FakePeople.Find("ann@acme.com")!;
        Assert.Multiple(() =>
        {
            Assert.That(provider.ExtraColumns, Is.EqualTo(new[] { "fakeperson_job_title", "person_company", "match_confidence", "enriched_by" }));
            Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(records[0].Get("fakeperson_job_title"), Is.EqualTo(expected.Title));
            Assert.That(records[0].Get("person_company"), Is.EqualTo(expected.Company));
            Assert.That(records[0].Get("match_confidence"), Is.EqualTo(expected.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(records[0].Get("enriched_by"), Is.EqualTo("fakeperson:fakeperson_job_title,person_company"));
            Assert.That(records[3].Get("person_company"), Is.EqualTo(FakePeople.Find("cy@initech.io")!.Company));
            Assert.That(records[2].Get("enriched_by"), Is.Null, "a record without request data is not sent");
            Assert.That(_server.State.Requests.Select(r => (r.Path, r.Records)), Is.EqualTo(new[] { (FakePersonApiServer.BulkPath, 2), (FakePersonApiServer.BulkPath, 1) }));
        });
    }

    [Test]
    public async Task Single_SendsOneRequestPerRecordWithAValidEmail()
    {
        using var provider = Create(bulk: false);
        var records = Records("ann@acme.com", "not-an-email", "bob@globex.org");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Get("enriched_by"), Is.EqualTo("fakeperson:fakeperson_job_title,person_company"));
            Assert.That(records[2].Get("person_company"), Is.EqualTo(FakePeople.Find("bob@globex.org")!.Company));
            Assert.That(records[1].Status, Is.EqualTo(RecordStatus.Invalid));
            Assert.That(records[1].Get("enriched_by"), Is.Null);
            Assert.That(_server.State.Requests.Select(r => r.Path), Is.EqualTo(new[] { FakePersonApiServer.SinglePath, FakePersonApiServer.SinglePath }));
        });
    }

    [Test]
    public async Task Retry_HonoursRetryAfterOn429()
    {
        _server.State.RetryAfterSeconds = 3;
        _server.State.EnqueueFaults(FakeFault.TooManyRequests, 2);
        using var provider = Create(bulk: true);
        var records = Records("ann@acme.com");
        var run = ProviderRun.Detached();

        await provider.EnrichAsync(records, run, CancellationToken.None);

        var arrivals = _server.State.Requests.Select(r => r.ReceivedAt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(arrivals, Has.Count.EqualTo(3));
            Assert.That(run.Usage.Get("provider:fakeperson:calls"), Is.EqualTo(3), "every attempt is a call");
            Assert.That(run.Usage.Get("provider:fakeperson:sent"), Is.EqualTo(1), "one lookup sent");
            Assert.That(_time.DueTimes.Count(d => d == TimeSpan.FromSeconds(3)), Is.EqualTo(2), "both retries waited the Retry-After");
            // 3 s scaled by 10: each retry came at least ~0.3 s after the 429 (generous lower bound).
            Assert.That(arrivals[1] - arrivals[0], Is.GreaterThan(TimeSpan.FromMilliseconds(250)));
            Assert.That(arrivals[2] - arrivals[1], Is.GreaterThan(TimeSpan.FromMilliseconds(250)));
        });
    }

    [Test]
    public async Task Retry_BacksOffOn5xxThenReportsUnavailable()
    {
        _server.State.DefaultFault = FakeFault.ServerError;
        using var provider = Create(bulk: true, maxRetries: 2, breakerMinimumThroughput: 100);
        var records = Records("ann@acme.com", "bob@globex.org");

        await provider.EnrichAsync(records, CancellationToken.None);

        var retryDelays = _time.DueTimes.Where(d => d < TimeSpan.FromSeconds(5)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(3), "one call and two retries");
            Assert.That(retryDelays, Has.Count.EqualTo(2));
            Assert.That(retryDelays, Has.All.GreaterThan(TimeSpan.Zero));
            Assert.That(records.Select(r => r.Status), Has.All.EqualTo(RecordStatus.Error));
            Assert.That(records[0].Errors, Is.EqualTo(new[] { "provider_unavailable: fakeperson: HTTP 503 after retries" }));
        });
    }

    [Test]
    public async Task Timeout_IsRetriedPerAttempt()
    {
        _server.State.EnqueueFaults(FakeFault.Timeout, 1);
        using var provider = Create(bulk: true, attemptTimeoutSeconds: 20);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(_server.State.RequestCount, Is.EqualTo(2));
            Assert.That(_time.DueTimes, Does.Contain(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public async Task Breaker_OpensWhileTheProviderIsDownAndClosesAfterTheBreak()
    {
        _server.State.DefaultFault = FakeFault.ServerError;
        using var provider = Create(bulk: false, maxRetries: 0, breakerMinimumThroughput: 2, breakerBreakSeconds: 30);
        var first = Records("a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com");

        await provider.EnrichAsync(first, CancellationToken.None);
        var whileDown = _server.State.RequestCount;

        _server.State.DefaultFault = FakeFault.None;
        var stillOpen = Records("f@x.com");
        var openRun = ProviderRun.Detached();
        await provider.EnrichAsync(stillOpen, openRun, CancellationToken.None);
        var afterOpenCall = _server.State.RequestCount;

        _time.Advance(TimeSpan.FromSeconds(31));
        var afterBreak = Records("g@x.com", "h@x.com");
        await provider.EnrichAsync(afterBreak, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(whileDown, Is.EqualTo(2), "the breaker opened after the minimum throughput");
            Assert.That(first.Select(r => r.Status), Has.All.EqualTo(RecordStatus.Error));
            Assert.That(first[4].Errors, Is.EqualTo(new[] { "provider_unavailable: fakeperson: circuit open after repeated failures" }));
            Assert.That(afterOpenCall, Is.EqualTo(2), "no request while open");
            Assert.That(stillOpen[0].Status, Is.EqualTo(RecordStatus.Error));
            Assert.That(openRun.Usage.Snapshot(), Is.Empty, "nothing reached the API while open: no call, nothing sent");
            Assert.That(afterBreak.Select(r => r.Status), Has.All.EqualTo(RecordStatus.Ok));
            Assert.That(_server.State.RequestCount, Is.EqualTo(4), "closed again after the break");
        });
    }

    [Test]
    public async Task RateLimit_HoldsRequestsPerSecond()
    {
        using var provider = Create(bulk: false, requestsPerSecond: 5);
        var records = Records([.. Enumerable.Range(0, 12).Select(i => $"p{i}@x.com")]);

        await provider.EnrichAsync(records, CancellationToken.None);

        var arrivals = _server.State.Requests.Select(r => r.ReceivedAt).ToList();
        var busiestSecond = arrivals.Max(a => arrivals.Count(b => b >= a && b < a + TimeSpan.FromSeconds(1)));
        Assert.Multiple(() =>
        {
            Assert.That(arrivals, Has.Count.EqualTo(12));
            Assert.That(records.Select(r => r.Status), Has.All.EqualTo(RecordStatus.Ok));
            // 12 requests at 5/s need at least 11 intervals of 0.2 s; allow slack for timer granularity.
            Assert.That(arrivals[^1] - arrivals[0], Is.GreaterThan(TimeSpan.FromSeconds(1.6)));
            Assert.That(busiestSecond, Is.LessThanOrEqualTo(6));
        });
    }

    [Test]
    public async Task Unauthorized_FailsFastWithAClearMessageAndNeverShowsTheKey()
    {
        const string wrongKey = "sk-wrong-key-8a7c6e";
        using var provider = Create(bulk: true, maxRecords: 2, key: wrongKey);
        var records = Records("a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        var everything = records.SelectMany(r => r.Errors.Concat(r.Output.Values.Select(v => v ?? ""))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(1), "no retry and no further chunk after a 401");
            Assert.That(records.Select(r => r.Status), Has.All.EqualTo(RecordStatus.Error));
            Assert.That(records[4].Errors.Single(), Is.EqualTo(
                $"provider_rejected: fakeperson: the API refused the credentials (HTTP 401); check the key in {KeyVariable}"));
            Assert.That(everything, Has.None.Contains(wrongKey));
        });
    }

    [Test]
    public async Task Success_NeverPutsTheKeyInTheOutput()
    {
        using var provider = Create(bulk: true);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(records[0].Output.Values, Has.None.Contains(Key));
        });
    }

    [Test]
    public async Task MalformedJson_IsABadResponseWithoutRetry()
    {
        _server.State.EnqueueFaults(FakeFault.MalformedJson, 1);
        using var provider = Create(bulk: true);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(1));
            Assert.That(records[0].Errors, Is.EqualTo(new[] { "provider_bad_response: fakeperson: the answer is not valid JSON" }));
        });
    }

    [Test]
    public async Task UnexpectedFailure_ReportsTheChunksAlreadyFinished()
    {
        using var failingClient = new HttpClient(new FailOnCallHandler(failOnCall: 2) { InnerHandler = new SocketsHttpHandler() });
        using var provider = new HttpProvider(Definition(bulk: true, maxRecords: 2), failingClient, _time, _ => Key);
        var records = Records("a@x.com", "b@x.com", "c@x.com");

        var ex = Assert.ThrowsAsync<PartialBatchFailureException>(async () => await provider.EnrichAsync(records, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Finished, Is.EquivalentTo(records.Take(2)));
            Assert.That(ex.InnerException, Is.InstanceOf<InvalidOperationException>());
            Assert.That(records[0].Get("enriched_by"), Is.EqualTo("fakeperson:fakeperson_job_title,person_company"));
        });
    }

    [Test]
    public async Task MissingKeyVariable_RejectsTheRecordsNamingTheVariableWithoutCalling()
    {
        using var provider = new HttpProvider(Definition(bulk: true), _client, _time, _ => null);
        var records = Records("ann@acme.com", "bob@globex.org");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.Zero);
            Assert.That(records.Select(r => r.Errors.Single()), Has.All.EqualTo(
                $"provider_rejected: fakeperson: the API key variable {KeyVariable} is not set"));
        });
    }

    [Test]
    public void Factory_OffersEachDefinitionByItsName_OneInstanceForItsLifetime()
    {
        var definition = HttpProviderDefinitionLoader.Parse($$"""
            {"name": "fakeperson", "endpoint": "{{_server.SingleUrl}}", "request": {"email": "Email"},
             "response": { "title": { "path": "employment.title" } } }
            """, "test");
        var factory = new ProviderFactory([definition]);
        var provider = factory.CreateChain(["fakeperson"]).Providers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(factory.KnownNames, Is.EqualTo(new[] { "email", "fakeperson", "mx", "normalize" }));
            Assert.That(provider, Is.InstanceOf<HttpProvider>());
            Assert.That(factory.CreateChain(["normalize", "fakeperson"]).Providers[1], Is.SameAs(provider), "one pipeline per provider, across batches");
            Assert.That(provider.ExtraColumns, Does.Contain("fakeperson_title"));
        });
        ((IDisposable)provider).Dispose();
    }

    [Test]
    public void Factory_RefusesTwoDefinitionsWithOneName()
    {
        var definition = HttpProviderDefinitionLoader.Parse($$"""
            {"name": "fakeperson", "endpoint": "{{_server.SingleUrl}}", "request": {"email": "Email"},
             "response": { "title": { "path": "employment.title" } } }
            """, "test");

        var ex = Assert.Throws<HttpProviderDefinitionException>(() => _ = new ProviderFactory([definition, definition]));

        Assert.That(ex!.Message, Does.Contain("two providers are named 'fakeperson'"));
    }

    private static List<ContactRecord> Records(params string?[] emails) =>
        [.. emails.Select((email, i) => new ContactRecord(i + 1, new ContactFields { Email = email }))];

    private HttpProvider Create(
        bool bulk,
        int maxRecords = 100,
        int maxRetries = 3,
        int breakerMinimumThroughput = 5,
        double breakerBreakSeconds = 30,
        double attemptTimeoutSeconds = 100,
        double requestsPerSecond = 1000,
        string key = Key) =>
        new(
            Definition(bulk, maxRecords, new HttpResilienceDefinition
            {
                MaxRetries = maxRetries,
                RetryBaseDelaySeconds = 0.2,
                BreakerMinimumThroughput = breakerMinimumThroughput,
                BreakerBreakSeconds = breakerBreakSeconds,
                AttemptTimeoutSeconds = attemptTimeoutSeconds,
                RequestsPerSecond = requestsPerSecond,
            }),
            _client,
            _time,
            name => name == KeyVariable ? key : null);

    private HttpProviderDefinition Definition(bool bulk, int maxRecords = 100, HttpResilienceDefinition? resilience = null) => new()
    {
        Name = "fakeperson",
        Endpoint = bulk ? null : _server.SingleUrl,
        Bulk = bulk ? new HttpBulkDefinition { Endpoint = _server.BulkUrl, MaxRecords = maxRecords } : null,
        Request = new() { ["email"] = "Email" },
        Response = new()
        {
            ["job_title"] = new HttpResponseField { Path = "employment.title" },
            ["company"] = new HttpResponseField { Path = "employment.company", Column = "person_company" },
        },
        MatchConfidence = "match.confidence",
        Auth = new HttpAuthDefinition { Header = "X-Api-Key", EnvironmentVariable = KeyVariable },
        Resilience = resilience,
    };

    private sealed class FailOnCallHandler(int failOnCall) : DelegatingHandler
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == failOnCall
                ? throw new InvalidOperationException("a bug, not a transient failure")
                : base.SendAsync(request, cancellationToken);
    }
}
