using System.Security.Cryptography;
using System.Text;
using Enrichment.Core.Ports;
using Enrichment.Testing.Time;

namespace Enrichment.Testing.Contracts;

/// <summary>
/// Behaviour every <see cref="IProviderAnswerCache"/> adapter must show. Each test uses fresh job
/// ids, so an adapter may share one table (one DynamoDB table in moto) across tests. The adapter
/// gets the suite's <see cref="ManualTimeProvider"/> and must treat an answer as gone once that
/// clock reaches its expiry, whatever its storage does later (DynamoDB's TTL deletes lag by days).
/// Expiry times are whole seconds because DynamoDB TTL attributes are epoch seconds.
/// Derived fixtures need an explicit [TestFixture]: the adapter does not discover inherited-only tests otherwise.
/// </summary>
public abstract class ProviderAnswerCacheContract
{
    private const string Provider = "person-api";

    protected IProviderAnswerCache Cache { get; private set; } = null!;

    protected ManualTimeProvider Clock { get; private set; } = null!;

    /// <summary>A week after the clock's start: the usual lifetime of a job's answers.</summary>
    protected DateTimeOffset NextWeek => Clock.GetUtcNow().AddDays(7);

    /// <summary>A ready adapter that reads the time from <paramref name="time"/>.</summary>
    protected abstract Task<IProviderAnswerCache> CreateCacheAsync(TimeProvider time);

    protected virtual Task DisposeCacheAsync(IProviderAnswerCache cache) => cache switch
    {
        IAsyncDisposable asyncDisposable => asyncDisposable.DisposeAsync().AsTask(),
        IDisposable disposable => Dispose(disposable),
        _ => Task.CompletedTask,
    };

    [SetUp]
    public async Task CreateCacheForTestAsync()
    {
        Clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        Cache = await CreateCacheAsync(Clock);
    }

    [TearDown]
    public Task DisposeCacheForTestAsync() => DisposeCacheAsync(Cache);

    protected static string NewJobId() => "job-" + Guid.NewGuid().ToString("N");

    /// <summary>A key as callers make them: the lowercase hex SHA-256 of a normalized value.</summary>
    protected static string KeyOf(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    protected static Dictionary<string, string> Answers(int count, string tag = "a") =>
        Enumerable.Range(0, count).ToDictionary(i => KeyOf($"person{i}@example.com"), i => $"{{\"name\":\"{tag}{i}\"}}");

    [Test]
    public async Task Get_of_keys_never_stored_answers_nothing()
    {
        var found = await Cache.GetManyAsync(NewJobId(), Provider, [KeyOf("a@example.com"), KeyOf("b@example.com")], CancellationToken.None);

        Assert.That(found, Is.Empty);
    }

    [Test]
    public async Task Get_answers_the_stored_answers_and_leaves_out_absent_keys()
    {
        var jobId = NewJobId();
        var stored = Answers(3);
        await Cache.PutManyAsync(jobId, Provider, stored, NextWeek, CancellationToken.None);

        var absent = KeyOf("nobody@example.com");
        var found = await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys, absent], CancellationToken.None);

        Assert.That(found, Is.EquivalentTo(stored));
    }

    [Test]
    public async Task Answers_are_kept_verbatim_including_empty_large_and_non_ascii_ones()
    {
        var jobId = NewJobId();
        var stored = new Dictionary<string, string>
        {
            [KeyOf("empty")] = "",
            [KeyOf("unicode")] = "{\"name\":\"Zoë Ångström 東京 🚀\",\"quote\":\"\\\"#ANSWER#\\\"\"}",
            [KeyOf("large")] = new string('x', 32 * 1024 - 2) + "\r\n",
        };
        await Cache.PutManyAsync(jobId, Provider, stored, NextWeek, CancellationToken.None);

        var found = await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys], CancellationToken.None);

        Assert.That(found, Is.EquivalentTo(stored));
    }

    [Test]
    public async Task Answers_of_one_job_are_invisible_to_another()
    {
        var stored = Answers(2);
        var jobId = NewJobId();
        await Cache.PutManyAsync(jobId, Provider, stored, NextWeek, CancellationToken.None);

        var other = await Cache.GetManyAsync(NewJobId(), Provider, [.. stored.Keys], CancellationToken.None);
        var own = await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(other, Is.Empty);
            Assert.That(own, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Answers_of_one_provider_are_invisible_to_another_in_the_same_job()
    {
        var jobId = NewJobId();
        var key = KeyOf("same@example.com");
        await Cache.PutManyAsync(jobId, "provider-a", new Dictionary<string, string> { [key] = "from a" }, NextWeek, CancellationToken.None);
        await Cache.PutManyAsync(jobId, "provider-b", new Dictionary<string, string> { [key] = "from b" }, NextWeek, CancellationToken.None);

        var a = await Cache.GetManyAsync(jobId, "provider-a", [key], CancellationToken.None);
        var b = await Cache.GetManyAsync(jobId, "provider-b", [key], CancellationToken.None);
        var c = await Cache.GetManyAsync(jobId, "provider-c", [key], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(a[key], Is.EqualTo("from a"));
            Assert.That(b[key], Is.EqualTo("from b"));
            Assert.That(c, Is.Empty);
        });
    }

    [Test]
    public async Task A_second_put_of_a_key_overwrites_its_answer()
    {
        var jobId = NewJobId();
        var key = KeyOf("twice@example.com");
        var untouched = KeyOf("once@example.com");
        await Cache.PutManyAsync(jobId, Provider, new Dictionary<string, string> { [key] = "first", [untouched] = "kept" }, NextWeek, CancellationToken.None);
        await Cache.PutManyAsync(jobId, Provider, new Dictionary<string, string> { [key] = "second" }, NextWeek, CancellationToken.None);

        var found = await Cache.GetManyAsync(jobId, Provider, [key, untouched], CancellationToken.None);

        Assert.That(found, Is.EquivalentTo(new Dictionary<string, string> { [key] = "second", [untouched] = "kept" }));
    }

    [Test]
    public async Task One_put_and_one_get_handle_more_keys_than_a_single_storage_request_takes()
    {
        // 250 is above DynamoDB's 25 items per BatchWriteItem and 100 keys per BatchGetItem, and not a multiple of either.
        var jobId = NewJobId();
        var stored = Answers(250);
        await Cache.PutManyAsync(jobId, Provider, stored, NextWeek, CancellationToken.None);

        var absent = Enumerable.Range(0, 13).Select(i => KeyOf($"absent{i}")).ToArray();
        var found = await Cache.GetManyAsync(jobId, Provider, [.. absent, .. stored.Keys], CancellationToken.None);

        Assert.That(found, Is.EquivalentTo(stored));
    }

    [Test]
    public async Task A_key_asked_for_twice_in_one_get_is_answered_once()
    {
        var jobId = NewJobId();
        var stored = Answers(2);
        await Cache.PutManyAsync(jobId, Provider, stored, NextWeek, CancellationToken.None);

        var key = stored.Keys.First();
        var found = await Cache.GetManyAsync(jobId, Provider, [key, key, KeyOf("absent"), KeyOf("absent")], CancellationToken.None);

        Assert.That(found, Is.EquivalentTo(new Dictionary<string, string> { [key] = stored[key] }));
    }

    [Test]
    public async Task Empty_requests_do_nothing()
    {
        var jobId = NewJobId();
        await Cache.PutManyAsync(jobId, Provider, new Dictionary<string, string>(), NextWeek, CancellationToken.None);

        var found = await Cache.GetManyAsync(jobId, Provider, [], CancellationToken.None);

        Assert.That(found, Is.Empty);
    }

    [Test]
    public async Task Answers_are_returned_until_their_expiry_and_never_after()
    {
        var jobId = NewJobId();
        var stored = Answers(3);
        await Cache.PutManyAsync(jobId, Provider, stored, Clock.GetUtcNow().AddHours(1), CancellationToken.None);

        Clock.Advance(TimeSpan.FromMinutes(59));
        var before = await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys], CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var atExpiry = await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys], CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(3));
        var later = await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EquivalentTo(stored));
            Assert.That(atExpiry, Is.Empty);
            Assert.That(later, Is.Empty);
        });
    }

    [Test]
    public async Task A_put_after_expiry_stores_the_answer_again_with_its_new_expiry()
    {
        var jobId = NewJobId();
        var key = KeyOf("again@example.com");
        await Cache.PutManyAsync(jobId, Provider, new Dictionary<string, string> { [key] = "old" }, Clock.GetUtcNow().AddHours(1), CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(2));

        await Cache.PutManyAsync(jobId, Provider, new Dictionary<string, string> { [key] = "new" }, Clock.GetUtcNow().AddHours(1), CancellationToken.None);
        var found = await Cache.GetManyAsync(jobId, Provider, [key], CancellationToken.None);

        Assert.That(found, Is.EquivalentTo(new Dictionary<string, string> { [key] = "new" }));
    }

    [Test]
    public async Task Expired_answers_of_one_job_do_not_hide_live_answers_of_another()
    {
        var shortJob = NewJobId();
        var longJob = NewJobId();
        var stored = Answers(2);
        await Cache.PutManyAsync(shortJob, Provider, stored, Clock.GetUtcNow().AddHours(1), CancellationToken.None);
        await Cache.PutManyAsync(longJob, Provider, stored, NextWeek, CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(2));

        // A put may purge expired answers on the way; the live job's must survive it.
        await Cache.PutManyAsync(NewJobId(), Provider, Answers(1, "z"), NextWeek, CancellationToken.None);
        var expired = await Cache.GetManyAsync(shortJob, Provider, [.. stored.Keys], CancellationToken.None);
        var live = await Cache.GetManyAsync(longJob, Provider, [.. stored.Keys], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(expired, Is.Empty);
            Assert.That(live, Is.EquivalentTo(stored));
        });
    }

    [Test]
    public async Task A_cancelled_get_throws()
    {
        var jobId = NewJobId();
        var stored = Answers(2);
        await Cache.PutManyAsync(jobId, Provider, stored, NextWeek, CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(
            async () => await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys], cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task A_cancelled_put_throws_and_stores_nothing()
    {
        var jobId = NewJobId();
        var stored = Answers(30);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(
            async () => await Cache.PutManyAsync(jobId, Provider, stored, NextWeek, cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
        var found = await Cache.GetManyAsync(jobId, Provider, [.. stored.Keys], CancellationToken.None);
        Assert.That(found, Is.Empty);
    }

    private static Task Dispose(IDisposable disposable)
    {
        disposable.Dispose();
        return Task.CompletedTask;
    }
}
