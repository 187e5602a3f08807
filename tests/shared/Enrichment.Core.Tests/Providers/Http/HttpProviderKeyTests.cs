using Enrichment.Core.Configuration;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;
using Enrichment.FakePersonApi;
using Enrichment.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static Enrichment.Core.Tests.Providers.Http.FakeApiDefinitions;

namespace Enrichment.Core.Tests.Providers.Http;

public sealed class HttpProviderKeyTests
{
    private const string Key = "sk-ssm-3b9e1f07c2";
    private const string Prefix = "/enrichment/test";
    private const string RelativeParameter = "fakeperson/api-key";
    private const string FullParameter = "/enrichment/test/fakeperson/api-key";
    private const string Variable = "FAKE_PERSON_KEY_FOR_KEY_TESTS";
    private const string PrefixVariable = "ENRICHMENT_PARAMETER_PREFIX";

    private static readonly Dictionary<string, string> TitleOnly = new() { ["job_title"] = "employment.title" };

    private FakePersonApiServer _server = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await FakePersonApiServer.StartAsync();
        _server.State.RequiredApiKey = Key;
        _client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task ParameterKey_IsReadOnceOnTheFirstCall_AcrossManyBatches()
    {
        var secrets = new InMemorySecretParameters().Set(FullParameter, Key);
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = RelativeParameter }, secrets, WithPrefix());
        var readsAfterConstruction = secrets.Reads;

        var batches = Enumerable.Range(0, 5).Select(b => Records($"a{b}@acme.com", $"b{b}@globex.org")).ToList();
        foreach (var batch in batches)
        {
            await provider.EnrichAsync(batch, CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(readsAfterConstruction, Is.Zero, "building a provider needs no key");
            Assert.That(secrets.Reads, Is.EqualTo(1));
            Assert.That(batches.SelectMany(b => b).Select(r => r.Get("enriched_by")), Has.All.EqualTo("fakeperson:job_title"));
            Assert.That(_server.State.RequestCount, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task ParameterKey_IsReadOnceByConcurrentFirstBatches()
    {
        var secrets = new GatedSecrets(new InMemorySecretParameters().Set(FullParameter, Key));
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = FullParameter }, secrets);
        var batches = Enumerable.Range(0, 8).Select(b => Records($"c{b}@initech.io")).ToList();

        var running = batches.Select(batch => Task.Run(async () => await provider.EnrichAsync(batch, CancellationToken.None))).ToList();
        await secrets.FirstReadStarted.WaitAsync(TimeSpan.FromSeconds(30));
        secrets.Release();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(secrets.Reads, Is.EqualTo(1));
            Assert.That(batches.Select(b => b[0].Get("job_title")), Has.None.Null);
            Assert.That(_server.State.RequestCount, Is.EqualTo(8));
        });
    }

    [Test]
    public async Task MissingParameter_RejectsTheRecordsNamingIt_AndNeverCalls()
    {
        var secrets = new InMemorySecretParameters();
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = RelativeParameter, EnvironmentVariable = Variable }, secrets, WithPrefix());
        var first = Records("ann@acme.com", "bob@globex.org");
        var second = Records("cy@initech.io");

        await provider.EnrichAsync(first, CancellationToken.None);
        await provider.EnrichAsync(second, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Concat(second).Select(r => r.Status), Has.All.EqualTo(RecordStatus.Error));
            Assert.That(second[0].Errors, Is.EqualTo(new[]
            {
                $"provider_rejected: fakeperson: the API key parameter {FullParameter} does not exist and the variable {Variable} is not set",
            }));
            Assert.That(_server.State.RequestCount, Is.Zero);
            Assert.That(secrets.Reads, Is.EqualTo(1), "a missing key is not looked for again by this container");
        });
    }

    [Test]
    public async Task RelativeParameterWithoutPrefix_IsRejectedNamingThePrefixVariable()
    {
        var secrets = new InMemorySecretParameters().Set(FullParameter, Key);
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = RelativeParameter }, secrets, _ => null);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Errors.Single(), Is.EqualTo(
                "provider_rejected: fakeperson: the API key parameter 'fakeperson/api-key' is relative but ENRICHMENT_PARAMETER_PREFIX is not set"));
            Assert.That(secrets.Reads, Is.Zero);
            Assert.That(_server.State.RequestCount, Is.Zero);
        });
    }

    [Test]
    public async Task NoParameterStore_IsRejectedNamingTheParameter()
    {
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = FullParameter }, secrets: null);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.That(records[0].Errors.Single(), Is.EqualTo(
            $"provider_rejected: fakeperson: the API key parameter {FullParameter} cannot be read: no parameter store is configured"));
    }

    [Test]
    public async Task Variable_WinsOverTheParameterWhenSet()
    {
        var secrets = new InMemorySecretParameters().Set(FullParameter, "sk-not-this-one");
        using var provider = Create(
            new HttpAuthDefinition { Header = KeyHeader, Parameter = FullParameter, EnvironmentVariable = Variable },
            secrets,
            name => name == Variable ? Key : null);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(records[0].Get("job_title"), Is.Not.Null);
            Assert.That(secrets.Reads, Is.Zero);
        });
    }

    [Test]
    public async Task Parameter_IsUsedWhenTheVariableIsNotSet()
    {
        var secrets = new InMemorySecretParameters().Set(FullParameter, Key);
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = FullParameter, EnvironmentVariable = Variable }, secrets);
        var records = Records("ann@acme.com");

        await provider.EnrichAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Get("job_title"), Is.Not.Null);
            Assert.That(secrets.Reads, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RefusedKey_NamesTheParameter_AndTheKeyIsInNoErrorOrOutput()
    {
        const string wrongKey = "sk-wrong-ssm-77a0d3";
        var secrets = new InMemorySecretParameters().Set(FullParameter, wrongKey);
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = FullParameter, Prefix = "Bearer " }, secrets);
        var records = Records("ann@acme.com", "bob@globex.org");
        var run = ProviderRun.Detached();

        await provider.EnrichAsync(records, run, CancellationToken.None);

        var everything = records.SelectMany(r => r.Errors.Concat(r.Output.Values.Select(v => v ?? string.Empty)))
            .Concat(run.Usage.Snapshot().Keys)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(records[1].Errors.Single(), Is.EqualTo(
                $"provider_rejected: fakeperson: the API refused the credentials (HTTP 401); check the key in parameter {FullParameter}"));
            Assert.That(everything, Has.None.Contains(wrongKey));
        });
    }

    [Test]
    public async Task FailingParameterStore_IsUnavailable_AndAskedAgainByTheNextBatch()
    {
        var secrets = new FlakySecrets(new InMemorySecretParameters().Set(FullParameter, Key));
        using var provider = Create(new HttpAuthDefinition { Header = KeyHeader, Parameter = FullParameter }, secrets);
        var first = Records("ann@acme.com");
        var second = Records("ann@acme.com");

        await provider.EnrichAsync(first, CancellationToken.None);
        await provider.EnrichAsync(second, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first[0].Errors.Single(), Is.EqualTo(
                $"provider_unavailable: fakeperson: the API key parameter {FullParameter} could not be read (TimeoutException)"));
            Assert.That(second[0].Get("job_title"), Is.Not.Null);
            Assert.That(secrets.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Factory_KeepsOneKeyReadPerContainer()
    {
        var secrets = new InMemorySecretParameters().Set(FullParameter, Key);
        var definition = HttpProviderDefinitionLoader.Parse($$"""
            {"name": "fakeperson", "bulk": {"endpoint": "{{_server.BulkUrl}}"}, "request": {"email": "Email"},
             "response": { "title": { "path": "employment.title" } },
             "auth": {"header": "{{KeyHeader}}", "parameter": "{{FullParameter}}" } }
            """, "test");
        var factory = new ProviderFactory([definition], secrets);
        var columns = factory.CreateChain(["fakeperson"]).Columns;
        var readsBeforeRunning = secrets.Reads;
        var first = Records("ann@acme.com");
        var second = Records("bob@globex.org");
        await factory.CreateChain(["fakeperson"]).RunAsync(first, CancellationToken.None);
        await factory.CreateChain(["fakeperson"]).RunAsync(second, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(columns, Does.Contain("fakeperson_title"));
            Assert.That(readsBeforeRunning, Is.Zero, "building chains for their columns reads no key");
            Assert.That(secrets.Reads, Is.EqualTo(1));
            Assert.That(second[0].Get("fakeperson_title"), Is.EqualTo(FakePeople.Find("bob@globex.org")!.Title));
        });
        ((IDisposable)factory.CreateChain(["fakeperson"]).Providers.Single()).Dispose();
    }

    [Test]
    public async Task Container_BuildsTheFactoryWithTheRegisteredParameterStore_AndWithoutOne()
    {
        var secrets = new InMemorySecretParameters().Set(FullParameter, Key);
        var definition = HttpProviderDefinitionLoader.Parse($$"""
            {"name": "fakeperson", "bulk": {"endpoint": "{{_server.BulkUrl}}"}, "request": {"email": "Email"},
             "response": { "title": { "path": "employment.title" } },
             "auth": {"header": "{{KeyHeader}}", "parameter": "{{FullParameter}}" } }
            """, "test");
        using var withStore = new ServiceCollection().AddSingleton<ISecretParameters>(secrets)
            .AddEnrichmentCore(new EnrichmentOptions(), NullLogger.Instance, [definition]).BuildServiceProvider();
        using var withoutStore = new ServiceCollection().AddEnrichmentCore(new EnrichmentOptions(), NullLogger.Instance, [definition]).BuildServiceProvider();
        var records = Records("ann@acme.com");
        var unkeyed = Records("ann@acme.com");

        await withStore.GetRequiredService<ProviderFactory>().CreateChain(["fakeperson"]).RunAsync(records, CancellationToken.None);
        await withoutStore.GetRequiredService<ProviderFactory>().CreateChain(["fakeperson"]).RunAsync(unkeyed, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Get("fakeperson_title"), Is.Not.Null);
            Assert.That(secrets.Reads, Is.EqualTo(1));
            Assert.That(unkeyed[0].Errors.Single(), Does.Contain("no parameter store is configured"));
        });
    }

    private static Func<string, string?> WithPrefix() => name => name == PrefixVariable ? Prefix : null;

    private HttpProvider Create(HttpAuthDefinition auth, ISecretParameters? secrets, Func<string, string?>? environment = null) =>
        new(Definition("fakeperson", _server, bulk: true, TitleOnly, auth: auth), _client, TimeProvider.System, environment ?? (_ => null), secrets);

    /// <summary>Holds every read until released, so concurrent first batches pile up behind the first read.</summary>
    private sealed class GatedSecrets(InMemorySecretParameters inner) : ISecretParameters
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstReadStarted => _started.Task;

        public int Reads => inner.Reads;

        public void Release() => _released.TrySetResult();

        public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            return await inner.GetAsync(name, cancellationToken);
        }
    }

    /// <summary>Fails the first read, then answers.</summary>
    private sealed class FlakySecrets(InMemorySecretParameters inner) : ISecretParameters
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? Task.FromException<string?>(new TimeoutException("throttled"))
                : inner.GetAsync(name, cancellationToken);
    }
}
