using System.Globalization;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;
using Enrichment.FakePersonApi;
using static Enrichment.Core.Tests.Providers.Http.FakeApiDefinitions;

namespace Enrichment.Core.Tests.Providers.Http;

/// <summary>Two providers for the same columns, each on its own fake API so their requests can be told apart.</summary>
public sealed class HttpProviderChainingTests
{
    private FakePersonApiServer _primaryApi = null!;
    private FakePersonApiServer _backupApi = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _primaryApi = await FakePersonApiServer.StartAsync();
        _backupApi = await FakePersonApiServer.StartAsync();
        _client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _primaryApi.DisposeAsync();
        await _backupApi.DisposeAsync();
    }

    [Test]
    public async Task SecondProvider_IsAskedOnlyForTheColumnsStillEmpty_AndNeverOverwrites()
    {
        using var primary = Create("primary", _primaryApi, bulk: true, new() { ["job_title"] = "employment.title" });
        // The backup maps job_title to the echoed email, so an overwrite would show; its confidence path too.
        using var backup = Create("backup", _backupApi, bulk: false, new() { ["job_title"] = "email", ["person_company"] = "employment.company" }, confidence: "email");
        var records = Records("ann@acme.com", "bob@globex.org", "Ann@acme.com", "not-an-email", null);
        var run = ProviderRun.Detached();

        await new ProviderChain([primary, backup]).RunAsync(records, run, CancellationToken.None);

        var ann = FakePeople.Find("ann@acme.com")!;
        Assert.Multiple(() =>
        {
            Assert.That(records[0].Get("job_title"), Is.EqualTo(ann.Title));
            Assert.That(records[0].Get("person_company"), Is.EqualTo(ann.Company));
            Assert.That(records[0].Get("match_confidence"), Is.EqualTo(ann.Confidence.ToString(CultureInfo.InvariantCulture)), "the first provider that matched");
            Assert.That(records[0].Get("enriched_by"), Is.EqualTo("primary:job_title;backup:person_company"));
            Assert.That(records[2].Get("enriched_by"), Is.EqualTo("primary:job_title;backup:person_company"));
            Assert.That(records[3].Output.ContainsKey("enriched_by"), Is.False);
            Assert.That(records[3].Status, Is.EqualTo(RecordStatus.Invalid));
            Assert.That(records[4].Get("enriched_by"), Is.Null);
            Assert.That(_primaryApi.State.Requests.Select(r => r.Records), Is.EqualTo(new[] { 2 }));
            Assert.That(_backupApi.State.RequestCount, Is.EqualTo(2), "ann and bob, once each, for person_company");
            Assert.That(run.Usage.Snapshot(), Is.EquivalentTo(new Dictionary<string, long>
            {
                ["provider:primary:calls"] = 1,
                ["provider:primary:sent"] = 2,
                ["provider:primary:paid-matches"] = 2,
                ["provider:primary:reused"] = 1,
                ["provider:primary:matched"] = 3,
                ["provider:primary:field:job_title"] = 3,
                ["provider:backup:calls"] = 2,
                ["provider:backup:sent"] = 2,
                ["provider:backup:paid-matches"] = 2,
                ["provider:backup:reused"] = 1,
                ["provider:backup:matched"] = 3,
                ["provider:backup:field:person_company"] = 3,
            }));
        });
    }

    [Test]
    public async Task RecordWithEveryColumnFilled_IsNotSentToTheNextProvider()
    {
        using var primary = Create("primary", _primaryApi, bulk: true, new() { ["job_title"] = "employment.title", ["person_company"] = "employment.company" });
        using var backup = Create("backup", _backupApi, bulk: true, new() { ["job_title"] = "email" });
        var filled = Records("ann@acme.com", "bob@globex.org");
        var run = ProviderRun.Detached();

        await new ProviderChain([primary, backup]).RunAsync(filled, run, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_backupApi.State.RequestCount, Is.Zero);
            Assert.That(filled[0].Get("job_title"), Is.EqualTo(FakePeople.Find("ann@acme.com")!.Title));
            Assert.That(filled[0].Get("enriched_by"), Is.EqualTo("primary:job_title,person_company"));
            Assert.That(run.Usage.Get("provider:backup:skipped"), Is.EqualTo(2));
            Assert.That(run.Usage.Get("provider:backup:calls"), Is.Zero);
        });
    }

    [Test]
    public async Task ProviderAfterOneThatMatchedNobody_FillsEverythingAndGivesTheConfidence()
    {
        // Sent as "mail", the first provider matches nobody.
        using var blind = Create("blind", _primaryApi, bulk: true, new() { ["job_title"] = "employment.title" }, request: new() { ["mail"] = "Email" });
        using var backup = Create("backup", _backupApi, bulk: true, new() { ["job_title"] = "employment.title" });
        var records = Records("cy@initech.io");
        var run = ProviderRun.Detached();

        await new ProviderChain([blind, backup]).RunAsync(records, run, CancellationToken.None);

        var cy = FakePeople.Find("cy@initech.io")!;
        Assert.Multiple(() =>
        {
            Assert.That(records[0].Get("job_title"), Is.EqualTo(cy.Title));
            Assert.That(records[0].Get("match_confidence"), Is.EqualTo(cy.Confidence.ToString(CultureInfo.InvariantCulture)));
            Assert.That(records[0].Get("enriched_by"), Is.EqualTo("backup:job_title"));
            Assert.That(run.Usage.Get("provider:blind:sent"), Is.EqualTo(1));
            Assert.That(run.Usage.Get("provider:blind:matched"), Is.Zero);
            Assert.That(run.Usage.Get("provider:backup:matched"), Is.EqualTo(1));
        });
    }

    [Test]
    public void ChainColumns_ListASharedColumnOnce()
    {
        using var primary = Create("primary", _primaryApi, bulk: true, new() { ["job_title"] = "employment.title" });
        using var backup = Create("backup", _backupApi, bulk: false, new() { ["job_title"] = "employment.title", ["person_company"] = "employment.company" });

        var columns = new ProviderChain([primary, backup]).Columns;

        Assert.That(columns.Where(c => c is "job_title" or "person_company" or "match_confidence" or "enriched_by"),
            Is.EqualTo(new[] { "job_title", "match_confidence", "enriched_by", "person_company" }));
    }

    private HttpProvider Create(
        string name,
        FakePersonApiServer api,
        bool bulk,
        Dictionary<string, string> columns,
        string confidence = "match.confidence",
        Dictionary<string, string>? request = null) =>
        new(Definition(name, api, bulk, columns, confidence, request: request), _client, TimeProvider.System, _ => null);
}
