using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Mx;
using Enrichment.Testing.Dns;

namespace Enrichment.Core.Tests.Providers.Mx;

/// <summary>The mx provider against a real dnsmasq on loopback, and against a resolver that never answers.</summary>
public sealed class MxProviderTests
{
    private Dnsmasq _dns = null!;

    [OneTimeSetUp]
    public async Task StartDnsAsync() => _dns = await Dnsmasq.StartAsync();

    [OneTimeTearDown]
    public async Task StopDnsAsync() => await _dns.DisposeAsync();

    private static async Task<List<ContactRecord>> RunAsync(MxProvider mx, ProviderRun run, params string[] emails)
    {
        var records = emails.Select((e, i) => new ContactRecord(i + 1, new ContactFields { Email = e })).ToList();
        var chain = new ProviderChain([new NormalizeProvider(), new EmailProvider(), mx]);
        await chain.RunAsync(records, run, CancellationToken.None);
        return records;
    }

    private MxProvider Provider(int maxInFlight = 8) =>
        new(new MxResolver(new MxSettings { Server = _dns.Endpoint, MaxInFlight = maxInFlight }, TimeProvider.System));

    [TestCase("jane@mx.example.com", "deliverable", "mx_found")]
    [TestCase("jane@aonly.example.com", "deliverable", "implicit_mx")]
    [TestCase("jane@aaaaonly.example.com", "deliverable", "implicit_mx")]
    [TestCase("jane@nomail.example.com", "undeliverable", "no_mx")]
    [TestCase("jane@nullmx.example.com", "undeliverable", "null_mx")]
    [TestCase("jane@missing.example.com", "undeliverable", "domain_not_found")]
    [TestCase("info@mx.example.com", "risky", "role")]
    [TestCase("info@missing.example.com", "undeliverable", "domain_not_found")]
    [TestCase("jane@@mx.example.com", "undeliverable", "invalid_syntax")]
    public async Task Email_IsRefinedByWhatDnsSays(string email, string status, string reason)
    {
        var records = await RunAsync(Provider(), ProviderRun.Detached(), email);

        Assert.That(records[0].Get(OutputColumns.EmailStatus), Is.EqualTo(status));
        Assert.That(records[0].Get(OutputColumns.EmailReason), Is.EqualTo(reason));
    }

    [Test]
    public async Task Domain_IsLookedUpOncePerJobAcrossBatches()
    {
        var cache = new CountingCache();
        var mx = Provider();
        var run = new ProviderRun("job-1", cache, DateTimeOffset.MaxValue);

        await RunAsync(mx, run, "a@mx.example.com", "b@mx.example.com", "c@missing.example.com");
        await RunAsync(mx, run, "d@mx.example.com", "e@missing.example.com");

        Assert.That(cache.Stored.Keys, Has.Count.EqualTo(2));
        Assert.That(cache.Puts, Is.EqualTo(1), "the second batch found both domains in the job's cache");
        Assert.That(cache.Stored.Values, Is.EquivalentTo(new[] { "mx_found", "domain_not_found" }));
    }

    [Test]
    public async Task AnswerFromTheJobCache_IsUsedWithoutAsking()
    {
        var cache = new CountingCache();
        using var silent = new SilentResolver();
        var first = new ProviderRun("job-2", cache, DateTimeOffset.MaxValue);
        await RunAsync(Provider(), first, "a@nullmx.example.com");

        var offline = new MxProvider(new MxResolver(new MxSettings { Server = silent.Endpoint }, TimeProvider.System));
        var records = await RunAsync(offline, first, "b@nullmx.example.com");

        Assert.That(records[0].Get(OutputColumns.EmailReason), Is.EqualTo("null_mx"));
        Assert.That(silent.Received, Is.Zero);
    }

    [Test]
    public async Task ResolverThatNeverAnswers_LeavesAddressesUnknownAndTheBreakerStopsAsking()
    {
        using var silent = new SilentResolver();
        var settings = new MxSettings
        {
            Server = silent.Endpoint,
            Timeout = TimeSpan.FromMilliseconds(200),
            MaxInFlight = 2,
            BreakerMinimumThroughput = 2,
        };
        var mx = new MxProvider(new MxResolver(settings, TimeProvider.System));
        var emails = Enumerable.Range(1, 40).Select(i => $"jane@domain{i}.example.com").Append("info@role.example.com").ToArray();

        var records = await RunAsync(mx, ProviderRun.Detached(), emails);

        Assert.That(records.Take(40).Select(r => (r.Get(OutputColumns.EmailStatus), r.Get(OutputColumns.EmailReason))).Distinct(),
            Is.EqualTo(new[] { ("unknown", "dns_unavailable") }));
        Assert.That(records[40].Get(OutputColumns.EmailStatus), Is.EqualTo("risky"), "an unavailable resolver never changes a risky verdict");
        Assert.That(silent.Received, Is.LessThan(40), "once open, the breaker answers without asking the resolver");
    }

    [Test]
    public void Factory_KnowsMx()
    {
        Assert.That(new ProviderFactory().KnownNames, Does.Contain("mx"));
        Assert.That(new ProviderFactory().CreateChain(["normalize", "email", "mx"]).Providers[2], Is.InstanceOf<MxProvider>());
    }

    [TestCase("127.0.0.1", "127.0.0.1:53")]
    [TestCase("127.0.0.1:5353", "127.0.0.1:5353")]
    [TestCase("[::1]:5353", "[::1]:5353")]
    public void Settings_ReadTheResolverAddress(string text, string expected)
    {
        Assert.That(MxSettings.FromEnvironment(_ => text).Server!.ToString(), Is.EqualTo(expected));
    }

    [TestCase("dns.example.com")]
    [TestCase("http://127.0.0.1")]
    public void Settings_RejectAnythingButAnAddress(string text)
    {
        Assert.Throws<ArgumentException>(() => MxSettings.FromEnvironment(_ => text));
    }

    private sealed class CountingCache : IProviderAnswerCache
    {
        public Dictionary<string, string> Stored { get; } = new(StringComparer.Ordinal);

        public int Puts { get; private set; }

        public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(keys.Where(Stored.ContainsKey).ToDictionary(k => k, k => Stored[k]));

        public Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        {
            Puts++;
            foreach (var (key, value) in answers)
            {
                Stored[key] = value;
            }

            return Task.CompletedTask;
        }
    }
}
