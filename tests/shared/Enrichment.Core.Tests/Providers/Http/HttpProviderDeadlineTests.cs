using Enrichment.Core.Input;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;
using Enrichment.FakePersonApi;

namespace Enrichment.Core.Tests.Providers.Http;

/// <summary>
/// The run's deadline bounds every call: attempts are cut at the time left (less the reserve), no
/// call or retry starts without time for it, and the records left out say so.
/// </summary>
public sealed class HttpProviderDeadlineTests
{
    private const string KeyVariable = "FAKE_PERSON_API_KEY_FOR_TESTS";
    private const string Key = "sk-test-5f1d9c0e7b";
    private const string NotEnoughTime = "provider_unavailable: fakeperson: not enough time left in this invocation";

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
    public async Task Attempt_IsCutAtTheTimeLeftBeforeTheDeadlineRatherThanTheConfiguredTimeout()
    {
        _server.State.DefaultFault = FakeFault.Timeout;
        using var provider = Create(bulk: true, maxRetries: 0, attemptTimeoutSeconds: 100);
        var records = Records("ann@acme.com");
        // 20 s left is 2 s of real time (timers run 10 times faster): enough for the request to reach
        // the fake API on a loaded machine before the attempt is cut.
        var run = RunUntil(HttpProvider.DeadlineReserve + TimeSpan.FromSeconds(20));

        await provider.EnrichAsync(records, run, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(1));
            Assert.That(records[0].Errors, Is.EqualTo(new[] { "provider_unavailable: fakeperson: timed out" }));
            Assert.That(_time.DueTimes, Has.None.EqualTo(TimeSpan.FromSeconds(100)), "not the configured timeout");
            Assert.That(_time.DueTimes, Has.Some.InRange(TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(20)), "the time left less the reserve");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task NoCall_IsMadeWhenTheDeadlineIsWithinTheReserve(bool bulk)
    {
        using var provider = Create(bulk);
        var records = Records("ann@acme.com", "bob@globex.org", "not-an-email");
        var run = RunUntil(HttpProvider.DeadlineReserve + HttpProvider.MinimumAttemptTime - TimeSpan.FromMilliseconds(100));

        await provider.EnrichAsync(records, run, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.Zero);
            Assert.That(records[0].Errors, Is.EqualTo(new[] { NotEnoughTime }));
            Assert.That(records[1].Errors, Is.EqualTo(new[] { NotEnoughTime }));
            Assert.That(records[2].Status, Is.EqualTo(RecordStatus.Invalid), "records that would not be sent keep their status");
            Assert.That(run.Usage.Get("provider:fakeperson:calls"), Is.Zero);
            Assert.That(run.Usage.Get("provider:fakeperson:sent"), Is.Zero);
        });
    }

    [Test]
    public async Task NoCall_IsMadeWhenTheDeadlineHasPassed()
    {
        using var provider = Create(bulk: false);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, RunUntil(TimeSpan.FromSeconds(-30)), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.Zero);
            Assert.That(records[0].Errors, Is.EqualTo(new[] { NotEnoughTime }));
        });
    }

    [Test]
    public async Task Retry_IsNotMadeWhenItsWaitWouldPassTheDeadline()
    {
        // The time left also bounds the first attempt (scaled: 25 s left is 2.5 s of real time), so
        // it is kept well above what one loopback request takes on a loaded machine.
        _server.State.RetryAfterSeconds = 29;
        _server.State.EnqueueFaults(FakeFault.TooManyRequests, 3);
        using var provider = Create(bulk: true, maxRetries: 3);
        var records = Records("ann@acme.com");
        var run = RunUntil(HttpProvider.DeadlineReserve + TimeSpan.FromSeconds(25));

        await provider.EnrichAsync(records, run, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(1), "the Retry-After of 29 s does not fit in the 25 s left");
            Assert.That(_time.DueTimes, Has.None.EqualTo(TimeSpan.FromSeconds(29)), "no wait was started");
            Assert.That(records[0].Errors, Is.EqualTo(new[] { "provider_unavailable: fakeperson: HTTP 429 after retries" }));
            Assert.That(run.Usage.Get("provider:fakeperson:calls"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Retry_ThatFitsBeforeTheDeadlineIsMade()
    {
        _server.State.RetryAfterSeconds = 2;
        _server.State.EnqueueFaults(FakeFault.TooManyRequests, 1);
        using var provider = Create(bulk: true, maxRetries: 3);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, RunUntil(HttpProvider.DeadlineReserve + TimeSpan.FromSeconds(30)), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(2));
            Assert.That(_time.DueTimes, Does.Contain(TimeSpan.FromSeconds(2)));
            Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Ok));
        });
    }

    [Test]
    public async Task PerRecordCalls_StopWhenTheTimeRunsOutAndTheRestSaySo()
    {
        // Real time: the deadline is reached by the fake API's latency, not by a timer.
        _time = new ScaledTimeProvider(1);
        _server.State.DefaultFault = FakeFault.Latency;
        _server.State.Latency = TimeSpan.FromMilliseconds(600);
        using var provider = Create(bulk: false, maxRetries: 0);
        var records = Records("a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com");
        var run = RunUntil(HttpProvider.DeadlineReserve + TimeSpan.FromSeconds(2));

        await provider.EnrichAsync(records, run, CancellationToken.None);

        var left = records.Count(r => r.Errors.SequenceEqual([NotEnoughTime]));
        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.InRange(1, 3), "calls stop once less than the minimum is left");
            Assert.That(left, Is.EqualTo(records.Count - _server.State.RequestCount), "every record not sent says why");
            Assert.That(records[^1].Errors, Is.EqualTo(new[] { NotEnoughTime }));
        });
    }

    [TestCase(null)]
    [TestCase(3600.0)]
    public async Task NoDeadlineOrADistantOne_KeepsTheConfiguredTimeout(double? secondsLeft)
    {
        _server.State.EnqueueFaults(FakeFault.Timeout, 1);
        using var provider = Create(bulk: true, attemptTimeoutSeconds: 20);
        var records = Records("ann@acme.com");
        var run = secondsLeft is { } seconds ? RunUntil(TimeSpan.FromSeconds(seconds)) : ProviderRun.Detached();

        await provider.EnrichAsync(records, run, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(_server.State.RequestCount, Is.EqualTo(2), "the timed-out attempt was retried");
            Assert.That(_time.DueTimes.Count(d => d == TimeSpan.FromSeconds(20)), Is.EqualTo(2), "both attempts had the configured timeout");
        });
    }

    private static List<ContactRecord> Records(params string?[] emails) =>
        [.. emails.Select((email, i) => new ContactRecord(i + 1, new ContactFields { Email = email }))];

    private ProviderRun RunUntil(TimeSpan fromNow) => new(null, null, DateTimeOffset.MaxValue) { Deadline = _time.GetUtcNow() + fromNow };

    private HttpProvider Create(bool bulk, int maxRetries = 3, double attemptTimeoutSeconds = 100) =>
        new(
            new HttpProviderDefinition
            {
                Name = "fakeperson",
                Endpoint = bulk ? null : _server.SingleUrl,
                Bulk = bulk ? new HttpBulkDefinition { Endpoint = _server.BulkUrl, MaxRecords = 100 } : null,
                Request = new() { ["email"] = "Email" },
                Response = new() { ["company"] = new HttpResponseField { Path = "employment.company", Column = "person_company" } },
                Auth = new HttpAuthDefinition { Header = "X-Api-Key", EnvironmentVariable = KeyVariable },
                Resilience = new HttpResilienceDefinition
                {
                    MaxRetries = maxRetries,
                    RetryBaseDelaySeconds = 0.2,
                    BreakerMinimumThroughput = 1000,
                    AttemptTimeoutSeconds = attemptTimeoutSeconds,
                    RequestsPerSecond = 1000,
                },
            },
            _client,
            _time,
            name => name == KeyVariable ? Key : null);
}
