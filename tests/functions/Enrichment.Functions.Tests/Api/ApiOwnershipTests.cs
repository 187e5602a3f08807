using Enrichment.Testing.Events;

namespace Enrichment.Functions.Tests.Api;

/// <summary>The API acting for callers: each sees its own jobs only, and keys are per caller.</summary>
public sealed class ApiOwnershipTests
{
    private const string Csv = "email,first name\nann@acme.com,Ann\nbob@globex.io,Bob\n";
    private const string Alice = "arn:aws:iam::123456789012:user/alice";
    private const string Bob = "arn:aws:iam::123456789012:user/bob";

    [Test]
    public async Task AnotherCallersJob_Is404OnStatusAliasAndRetry_LikeAMissingOne()
    {
        var api = new ApiHarness();
        var created = await api.SendAsync(ApiRequestBuilder.Post("/jobs").SignedBy(Alice).WithBody(Csv, "text/csv"));
        var jobId = ApiHarness.Json(created).GetProperty("jobId").GetString()!;

        var status = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}").SignedBy(Bob));
        var alias = await api.SendAsync(ApiRequestBuilder.Get($"/status/{jobId}").SignedBy(Bob));
        var retry = await api.SendAsync(ApiRequestBuilder.Post($"/jobs/{jobId}/retry").SignedBy(Bob));
        var own = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}").SignedBy(Alice));

        Assert.That(new[] { status.StatusCode, alias.StatusCode, retry.StatusCode }, Has.All.EqualTo(404));
        Assert.That(ApiHarness.Error(status), Is.EqualTo($"job {jobId} not found"));
        Assert.That(own.StatusCode, Is.EqualTo(200));
        Assert.That(api.Pipeline.Table.Jobs.Single().Owner, Is.EqualTo($"iam:{Alice}"));
    }

    [Test]
    public async Task NoCallerIdentity_Is401_ButHealthAnswers()
    {
        var api = new ApiHarness();

        var submit = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithAuthorizer(null).WithBody(Csv, "text/csv"));
        var health = await api.SendAsync(ApiRequestBuilder.Get("/health").WithAuthorizer(null));

        Assert.That(submit.StatusCode, Is.EqualTo(401));
        Assert.That(ApiHarness.Error(submit), Does.Contain("caller identity"));
        Assert.That(health.StatusCode, Is.EqualTo(200));
        Assert.That(api.Pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task IdempotencyKey_ReplayIs200_OtherBodyIs422_OtherCallerGetsItsOwnJob()
    {
        var api = new ApiHarness();
        var first = await api.SendAsync(ApiRequestBuilder.Post("/jobs").SignedBy(Alice).WithHeader("Idempotency-Key", "k1").WithBody(Csv, "text/csv"));
        var replay = await api.SendAsync(ApiRequestBuilder.Post("/jobs").SignedBy(Alice).WithHeader("Idempotency-Key", "k1").WithBody(Csv, "text/csv"));
        var changed = await api.SendAsync(ApiRequestBuilder.Post("/jobs").SignedBy(Alice).WithHeader("Idempotency-Key", "k1").WithBody(Csv + "cy@x.com,Cy\n", "text/csv"));
        var bob = await api.SendAsync(ApiRequestBuilder.Post("/jobs").SignedBy(Bob).WithHeader("Idempotency-Key", "k1").WithBody(Csv, "text/csv"));

        Assert.That(first.StatusCode, Is.EqualTo(202));
        Assert.That(replay.StatusCode, Is.EqualTo(200));
        Assert.That(ApiHarness.Json(replay).GetProperty("jobId").GetString(), Is.EqualTo(ApiHarness.Json(first).GetProperty("jobId").GetString()));
        Assert.That(changed.StatusCode, Is.EqualTo(422));
        Assert.That(ApiHarness.Error(changed), Does.Contain("Idempotency-Key"));
        Assert.That(bob.StatusCode, Is.EqualTo(202));
        Assert.That(ApiHarness.Json(bob).GetProperty("jobId").GetString(), Is.Not.EqualTo(ApiHarness.Json(first).GetProperty("jobId").GetString()));
        Assert.That(api.Pipeline.Table.Jobs, Has.Count.EqualTo(2));
    }
}
