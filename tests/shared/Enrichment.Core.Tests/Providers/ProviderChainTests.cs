using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;
using Moq;

namespace Enrichment.Core.Tests.Providers;

public sealed class ProviderChainTests
{
    private static List<ContactRecord> Batch(int count) =>
        Enumerable.Range(1, count).Select(i => new ContactRecord(i, new ContactFields { Email = $"user{i}@example.com" })).ToList();

    private static Mock<IDataProvider> Provider(string name, Func<IReadOnlyList<ContactRecord>, ValueTask> behaviour, params string[] extraColumns)
    {
        var provider = new Mock<IDataProvider>();
        provider.SetupGet(p => p.Name).Returns(name);
        provider.SetupGet(p => p.ExtraColumns).Returns(extraColumns);
        provider.Setup(p => p.EnrichAsync(It.IsAny<IReadOnlyList<ContactRecord>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyList<ContactRecord> records, CancellationToken _) => behaviour(records));
        return provider;
    }

    [Test]
    public async Task Providers_RunInOrder()
    {
        var order = new List<string>();
        var first = Provider("first", _ => { order.Add("first"); return ValueTask.CompletedTask; });
        var second = Provider("second", _ => { order.Add("second"); return ValueTask.CompletedTask; });

        await new ProviderChain([first.Object, second.Object]).RunAsync(Batch(3), CancellationToken.None);

        Assert.That(order, Is.EqualTo(new[] { "first", "second" }));
    }

    [Test]
    public async Task ThrowingProvider_MarksEveryRecordWithTypeButNotMessage_AndChainContinues()
    {
        var records = Batch(3);
        var failing = Provider("lookup", _ => throw new InvalidOperationException("secret jane@example.com"));
        var after = Provider("after", rs => { foreach (var r in rs) { r.Set("after", "ran"); } return ValueTask.CompletedTask; });

        await new ProviderChain([failing.Object, after.Object]).RunAsync(records, CancellationToken.None);

        Assert.Multiple(() =>
        {
            foreach (var record in records)
            {
                Assert.That(record.Status, Is.EqualTo(RecordStatus.Error));
                Assert.That(record.Errors, Is.EqualTo(new[] { "provider_failed: lookup: InvalidOperationException" }));
                Assert.That(record.Get("after"), Is.EqualTo("ran"));
            }
        });
    }

    [Test]
    public async Task AsyncFailure_IsHandledLikeASynchronousOne()
    {
        var records = Batch(2);
        var failing = Provider("remote", async _ =>
        {
            await Task.Yield();
            throw new HttpRequestException("down");
        });

        await new ProviderChain([failing.Object]).RunAsync(records, CancellationToken.None);

        Assert.That(records.Select(r => r.Errors.Single()), Is.All.EqualTo("provider_failed: remote: HttpRequestException"));
    }

    [Test]
    public async Task PartialFailure_MarksOnlyUnfinishedRecords()
    {
        var records = Batch(4);
        var failing = Provider("bulk", rs =>
        {
            rs[0].Set(OutputColumns.CompanyDomain, "a.com");
            rs[1].Set(OutputColumns.CompanyDomain, "b.com");
            throw new PartialBatchFailureException([rs[0], rs[1]], new TimeoutException());
        });

        await new ProviderChain([failing.Object]).RunAsync(records, CancellationToken.None);

        Assert.That(records.Select(r => r.Status), Is.EqualTo(new[] { RecordStatus.Ok, RecordStatus.Ok, RecordStatus.Error, RecordStatus.Error }));
        Assert.That(records[2].Errors, Is.EqualTo(new[] { "provider_failed: bulk: TimeoutException" }));
    }

    [Test]
    public async Task RecordProvider_FailingOnOneRecord_MarksOnlyThatRecord()
    {
        var records = Batch(3);
        var provider = new ThrowOnRowProvider(2);

        await new ProviderChain([provider]).RunAsync(records, CancellationToken.None);

        Assert.That(records.Select(r => r.Status), Is.EqualTo(new[] { RecordStatus.Ok, RecordStatus.Error, RecordStatus.Ok }));
        Assert.That(records[1].Errors, Is.EqualTo(new[] { "provider_failed: flaky: FormatException" }));
        Assert.That(records[2].Get("seen"), Is.EqualTo("yes"));
    }

    [Test]
    public async Task ErrorOutranksEarlierInvalid()
    {
        var records = Batch(1);
        var invalidating = Provider("check", rs => { rs[0].AddInvalid("email_invalid", "missing @"); return ValueTask.CompletedTask; });
        var failing = Provider("crash", _ => throw new NotSupportedException());

        await new ProviderChain([invalidating.Object, failing.Object]).RunAsync(records, CancellationToken.None);

        Assert.That(records[0].Status, Is.EqualTo(RecordStatus.Error));
        Assert.That(records[0].Errors, Is.EqualTo(new[] { "email_invalid: missing @", "provider_failed: crash: NotSupportedException" }));
    }

    [Test]
    public void Cancellation_Propagates()
    {
        using var cancellation = new CancellationTokenSource();
        var cancelling = Provider("slow", _ => { cancellation.Cancel(); cancellation.Token.ThrowIfCancellationRequested(); return ValueTask.CompletedTask; });
        var records = Batch(2);

        Assert.ThrowsAsync<OperationCanceledException>(async () => await new ProviderChain([cancelling.Object]).RunAsync(records, cancellation.Token));
        Assert.That(records.Select(r => r.Status), Is.All.EqualTo(RecordStatus.Ok));
    }

    [Test]
    public async Task ProviderOwnTimeout_IsAFailureNotACancellation()
    {
        var records = Batch(1);
        var timingOut = Provider("http", _ => throw new TaskCanceledException("timeout"));

        await new ProviderChain([timingOut.Object]).RunAsync(records, CancellationToken.None);

        Assert.That(records[0].Errors, Is.EqualTo(new[] { "provider_failed: http: TaskCanceledException" }));
    }

    [Test]
    public void Columns_AreStandardThenEachProvidersExtras()
    {
        var a = Provider("a", _ => ValueTask.CompletedTask, "a_score", "shared");
        var b = Provider("b", _ => ValueTask.CompletedTask, "shared", "b_rank", OutputColumns.EmailKind);

        var chain = new ProviderChain([a.Object, b.Object]);

        Assert.That(chain.Columns, Is.EqualTo(OutputColumns.Standard.Concat(["a_score", "shared", "b_rank"])));
    }

    [Test]
    public async Task RealChain_NormalizeThenEmail_FillsAllColumns()
    {
        var records = new List<ContactRecord>
        {
            new(1, new ContactFields { FullName = "JANE DOE", Email = "Jane@Acme.com", Phone = "+14155550100", Country = "USA" }),
        };

        await new ProviderFactory().CreateChain(["normalize", "email"]).RunAsync(records, CancellationToken.None);

        var values = EnrichmentValues.ToArray(records[0], OutputColumns.Standard);
        Assert.That(values, Is.EqualTo(new string?[]
        {
            "ok", null, "jane@acme.com", "true", "acme.com", "business",
            "+14155550100", "US", "fixed_line_or_mobile", "Jane", "Doe", "US", "acme.com", null,
        }));
    }

    private sealed class ThrowOnRowProvider(long row) : RecordProvider
    {
        public override string Name => "flaky";

        protected override void Enrich(ContactRecord record)
        {
            if (record.Row == row)
            {
                throw new FormatException("bad data jane@example.com");
            }

            record.Set("seen", "yes");
        }
    }
}
