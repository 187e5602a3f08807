using System.Text.Json;
using Enrichment.Core.Input;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;
using Enrichment.FakePersonApi;
using Enrichment.Testing.InMemory;
using static Enrichment.Core.Tests.Providers.Http.FakeApiDefinitions;

namespace Enrichment.Core.Tests.Providers.Http;

public sealed class HttpProviderDeduplicationTests
{
    private static readonly DateTimeOffset JobExpiry = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> TitleAndCompany = new()
    {
        ["job_title"] = "employment.title",
        ["person_company"] = "employment.company",
    };

    private FakePersonApiServer _server = null!;
    private RecordingHandler _handler = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await FakePersonApiServer.StartAsync();
        _handler = new RecordingHandler();
        _client = new HttpClient(_handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        _handler.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task DuplicatesInOneBatch_AreSentOnceAndShareTheAnswer()
    {
        using var provider = Create(bulk: true);
        var records = Records("ann@acme.com", " ANN@Acme.com ", "bob@globex.org", "ann@acme.com");
        var run = ProviderRun.Detached();

        await provider.EnrichAsync(records, run, CancellationToken.None);

        var ann = FakePeople.Find("ann@acme.com")!;
        Assert.Multiple(() =>
        {
            Assert.That(_server.State.Requests.Select(r => r.Records), Is.EqualTo(new[] { 2 }), "one call with ann and bob");
            Assert.That(SentEmails(), Is.EqualTo(new[] { "ann@acme.com", "bob@globex.org" }));
            Assert.That(records.Where((_, i) => i != 2).Select(r => r.Get("job_title")), Has.All.EqualTo(ann.Title));
            Assert.That(records[2].Get("job_title"), Is.EqualTo(FakePeople.Find("bob@globex.org")!.Title));
            Assert.That(run.Usage.Snapshot(), Is.EquivalentTo(new Dictionary<string, long>
            {
                ["provider:fakeperson:calls"] = 1,
                ["provider:fakeperson:sent"] = 2,
                ["provider:fakeperson:paid-matches"] = 2,
                ["provider:fakeperson:reused"] = 2,
                ["provider:fakeperson:matched"] = 4,
                ["provider:fakeperson:field:job_title"] = 4,
                ["provider:fakeperson:field:person_company"] = 4,
            }));
        });
    }

    [Test]
    public async Task DuplicatesInOneBatch_AreSentOncePerRecordEndpointToo()
    {
        using var provider = Create(bulk: false);
        var records = Records("ann@acme.com", "Ann@acme.com", "bob@globex.org");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(2));
            Assert.That(records.Select(r => r.Get("enriched_by")), Has.All.EqualTo("fakeperson:job_title,person_company"));
        });
    }

    [Test]
    public async Task SecondBatchOfTheSameJob_SendsNothingForKnownEmails_ADifferentJobDoes()
    {
        var cache = new InMemoryProviderAnswerCache();
        using var provider = Create(bulk: true);

        await provider.EnrichAsync(Records("ann@acme.com", "bob@globex.org"), new ProviderRun("job-1", cache, JobExpiry), CancellationToken.None);
        var afterFirst = _server.State.RequestCount;

        var second = Records("ann@acme.com", "BOB@globex.org");
        var secondRun = new ProviderRun("job-1", cache, JobExpiry);
        await provider.EnrichAsync(second, secondRun, CancellationToken.None);
        var afterSecond = _server.State.RequestCount;

        var third = Records("ann@acme.com");
        await provider.EnrichAsync(third, new ProviderRun("job-2", cache, JobExpiry), CancellationToken.None);

        var bob = FakePeople.Find("bob@globex.org")!;
        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Is.EqualTo(1));
            Assert.That(afterSecond, Is.EqualTo(1), "the second batch of job-1 is answered from the job's cache");
            Assert.That(_server.State.RequestCount, Is.EqualTo(2), "job-2 pays for its own lookups");
            Assert.That(second[1].Get("person_company"), Is.EqualTo(bob.Company));
            Assert.That(second[1].Get("match_confidence"), Is.EqualTo(bob.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(second[1].Get("enriched_by"), Is.EqualTo("fakeperson:job_title,person_company"));
            Assert.That(third[0].Get("job_title"), Is.EqualTo(FakePeople.Find("ann@acme.com")!.Title));
            Assert.That(secondRun.Usage.Snapshot(), Is.EquivalentTo(new Dictionary<string, long>
            {
                ["provider:fakeperson:reused"] = 2,
                ["provider:fakeperson:matched"] = 2,
                ["provider:fakeperson:field:job_title"] = 2,
                ["provider:fakeperson:field:person_company"] = 2,
            }));
            Assert.That(cache.Count, Is.EqualTo(3), "two answers for job-1, one for job-2");
        });
    }

    [Test]
    public async Task NoMatches_AreReusedAcrossBatchesToo()
    {
        var cache = new InMemoryProviderAnswerCache();
        // The fake API matches on "email"; sent as "mail" nothing ever matches.
        using var provider = Create(bulk: false, request: new() { ["mail"] = "Email" });

        var first = Records("ann@acme.com");
        await provider.EnrichAsync(first, new ProviderRun("job-1", cache, JobExpiry), CancellationToken.None);
        var second = Records("ann@acme.com");
        var secondRun = new ProviderRun("job-1", cache, JobExpiry);
        await provider.EnrichAsync(second, secondRun, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_server.State.RequestCount, Is.EqualTo(1));
            Assert.That(second[0].Get("job_title"), Is.Null);
            Assert.That(second[0].Output.ContainsKey("match_confidence"), Is.False, "no match, no confidence");
            Assert.That(second[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(secondRun.Usage.Snapshot(), Is.EquivalentTo(new Dictionary<string, long> { ["provider:fakeperson:reused"] = 1 }));
        });
    }

    [Test]
    public async Task FailedLookups_AreNotCached()
    {
        var cache = new InMemoryProviderAnswerCache();
        _server.State.EnqueueFaults(FakeFault.ServerError, 1);
        using var provider = Create(bulk: true);

        var first = Records("ann@acme.com");
        await provider.EnrichAsync(first, new ProviderRun("job-1", cache, JobExpiry), CancellationToken.None);
        var second = Records("ann@acme.com");
        await provider.EnrichAsync(second, new ProviderRun("job-1", cache, JobExpiry), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first[0].Status, Is.EqualTo(RecordStatus.Error));
            Assert.That(second[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(second[0].Get("job_title"), Is.Not.Null);
            Assert.That(_server.State.RequestCount, Is.EqualTo(2), "the failure was asked again");
        });
    }

    [Test]
    public async Task FailingCache_IsAMissAndTheBatchGoesOn()
    {
        using var provider = Create(bulk: true);
        var records = Records("ann@acme.com", "bob@globex.org");
        var run = new ProviderRun("job-1", new FailingCache(), JobExpiry);

        await provider.EnrichAsync(records, run, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Status), Has.All.EqualTo(RecordStatus.Ok));
            Assert.That(records.Select(r => r.Get("job_title")), Has.None.Null);
            Assert.That(_server.State.RequestCount, Is.EqualTo(1));
            Assert.That(run.Usage.Get("provider:fakeperson:sent"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task LookupKey_IsTheEmailWhenOneIsSent_ElseEverySentField()
    {
        using var provider = Create(bulk: false, request: new() { ["email"] = "Email", ["first_name"] = "FirstName" });
        var records = new List<ContactRecord>
        {
            new(1, new ContactFields { Email = "ann@acme.com", FirstName = "Ann" }),
            new(2, new ContactFields { Email = "ann@acme.com", FirstName = "Annie" }),
            new(3, new ContactFields { FirstName = "Ann" }),
            new(4, new ContactFields { FirstName = " Ann " }),
            new(5, new ContactFields { FirstName = "Bob" }),
        };

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(SentBodies(), Is.EqualTo(new[]
            {
                new Dictionary<string, string> { ["email"] = "ann@acme.com", ["first_name"] = "Ann" },
                new Dictionary<string, string> { ["first_name"] = "Ann" },
                new Dictionary<string, string> { ["first_name"] = "Bob" },
            }));
            Assert.That(records[1].Get("job_title"), Is.EqualTo(records[0].Get("job_title")).And.Not.Null);
        });
    }

    [Test]
    public async Task InvalidEmails_AreNotSent_AndTheEmailGoesNormalized()
    {
        using var provider = Create(bulk: false, request: new() { ["email"] = "Email", ["first_name"] = "FirstName" });
        var records = new List<ContactRecord>
        {
            new(1, new ContactFields { Email = "ann@@acme", FirstName = "Ann" }),
            new(2, new ContactFields { Email = "not-an-email" }),
            new(3, new ContactFields { Email = "  Cy@Initech.IO " }),
        };

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(SentBodies(), Is.EqualTo(new[]
            {
                new Dictionary<string, string> { ["first_name"] = "Ann" },
                new Dictionary<string, string> { ["email"] = "cy@initech.io" },
            }), "the invalid emails stay home; a record with nothing else is not sent");
            Assert.That(records[1].Status, Is.EqualTo(RecordStatus.Invalid));
            Assert.That(records[1].Get("enriched_by"), Is.Null);
            Assert.That(records[2].Get("job_title"), Is.EqualTo(FakePeople.Find("cy@initech.io")!.Title));
        });
    }

    [Test]
    public async Task NormalizedEmailOfAnEarlierProvider_IsWhatIsSent()
    {
        using var provider = Create(bulk: true);
        var record = new ContactRecord(1, new ContactFields { Email = "raw-value-ignored" });
        record.Set("email_normalized", "dee@hooli.com");
        record.Set("email_valid", "true");

        await provider.EnrichAsync([record], CancellationToken.None);

        Assert.That(SentEmails(), Is.EqualTo(new[] { "dee@hooli.com" }));
    }

    private HttpProvider Create(bool bulk, Dictionary<string, string>? request = null) =>
        new(Definition("fakeperson", _server, bulk, TitleAndCompany, request: request), _client, TimeProvider.System, _ => null);

    /// <summary>The sent records as field → value, bulk bodies unpacked.</summary>
    private List<Dictionary<string, string>> SentBodies()
    {
        var sent = new List<Dictionary<string, string>>();
        foreach (var body in _handler.Bodies)
        {
            using var document = JsonDocument.Parse(body);
            var items = document.RootElement.TryGetProperty("records", out var array) ? array.EnumerateArray().ToList() : [document.RootElement];
            sent.AddRange(items.Select(item => item.EnumerateObject()
                .Where(p => p.Name != "id")
                .ToDictionary(p => p.Name, p => p.Value.GetString()!)));
        }

        return sent;
    }

    private List<string> SentEmails() => [.. SentBodies().Select(b => b["email"])];

    private sealed class FailingCache : IProviderAnswerCache
    {
        public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            throw new IOException("the table is throttled");

        public Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("the table is throttled"));
    }
}
