using Enrichment.Core.Costs;
using Enrichment.Core.Costs.Counting;
using Enrichment.Testing.InMemory;
using Enrichment.Testing.Time;

namespace Enrichment.Core.Tests.Costs;

/// <summary>The accessor of the current tally: what flows with a piece of work, and what keeps apart.</summary>
public sealed class UsageTallyAccessorTests
{
    [Test]
    public async Task TwoConcurrentScopes_CountApart_ThroughOneAccessorAndOneStore()
    {
        var usage = new UsageTallyAccessor();
        var store = new CountingObjectStore(new InMemoryObjectStore(), usage);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each piece of work begins its tally, waits until the other has begun too (so both scopes are
        // open at once), then counts: one put here, three there.
        async Task<AwsUsage> WorkAsync(TaskCompletionSource mine, TaskCompletionSource other, int puts)
        {
            await Task.Yield();
            using var scope = usage.Begin();
            mine.SetResult();
            await other.Task;
            for (var i = 0; i < puts; i++)
            {
                await store.PutAsync($"k{puts}-{i}", new byte[puts], "text/plain", CancellationToken.None);
            }

            return scope.Tally.Total;
        }

        var totals = await Task.WhenAll(
            Task.Run(() => WorkAsync(firstStarted, secondStarted, 1)),
            Task.Run(() => WorkAsync(secondStarted, firstStarted, 3)));

        Assert.Multiple(() =>
        {
            Assert.That(totals[0], Is.EqualTo(new AwsUsage { S3PutRequests = 1, S3StoredBytes = 1 }));
            Assert.That(totals[1], Is.EqualTo(new AwsUsage { S3PutRequests = 3, S3StoredBytes = 9 }));
            Assert.That(usage.Current, Is.Null, "the caller's flow had no tally, and has none after");
        });
    }

    [Test]
    public async Task OutsideAScope_NothingIsCounted_AndAnInnerScopeKeepsApartFromTheOuter()
    {
        var usage = new UsageTallyAccessor();
        var store = new CountingObjectStore(new InMemoryObjectStore(), usage);
        await store.PutAsync("a", new byte[1], "text/plain", CancellationToken.None);
        using var outer = usage.Begin();
        using (var inner = usage.Begin())
        {
            await store.PutAsync("b", new byte[2], "text/plain", CancellationToken.None);
            Assert.That(inner.Tally.Total.S3PutRequests, Is.EqualTo(1));
        }

        Assert.That(outer.Tally.Total, Is.EqualTo(new AwsUsage()));
        Assert.That(usage.Current, Is.SameAs(outer.Tally));
    }

    [Test]
    public void TwoAccessors_ShareNoTally()
    {
        var first = new UsageTallyAccessor();
        var second = new UsageTallyAccessor();

        using var scope = first.Begin();
        second.Count(new AwsUsage { S3GetRequests = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(second.Current, Is.Null);
            Assert.That(scope.Tally.Total, Is.EqualTo(new AwsUsage()));
        });
    }

    [Test]
    public void Tally_MeasuresItsDurationOnTheInjectedClock_AtTheFunctionsMemory()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        using var scope = new UsageTallyAccessor().Begin(clock, memoryMb: 1024);

        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.That(scope.Tally.Measured().LambdaGbSeconds, Is.EqualTo(2.0).Within(1e-9));
    }
}
