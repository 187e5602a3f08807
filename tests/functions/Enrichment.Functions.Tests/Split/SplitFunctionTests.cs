using System.Text;
using Enrichment.Core.Jobs;
using Enrichment.Functions.Split;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;

namespace Enrichment.Functions.Tests.Split;

public sealed class SplitFunctionTests
{
    [Test]
    public async Task Split_SplitsTheUploadNamedByAnEncodedKey()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var key = JobKeys.Upload(job.JobId, "my list.csv");
        pipeline.Store.Write(key, Encoding.UTF8.GetBytes("email\na@acme.com\nb@acme.com\n"));
        var function = pipeline.Handler<SplitFunction>();

        var response = await function.HandleAsync(S3EventBuilder.ObjectCreated("bucket", key), new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.Jobs.Single().Status, Is.EqualTo("processing"));
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.TotalRecords, Is.EqualTo(2));
    }

    [Test]
    public async Task Split_FailsTheJobOfABadUploadWithTheReason()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var key = JobKeys.Upload(job.JobId, "list.csv");
        pipeline.Store.Write(key, Encoding.UTF8.GetBytes("just,some,words\n1,2,3\n"));
        var function = pipeline.Handler<SplitFunction>();

        var response = await function.HandleAsync(S3EventBuilder.ObjectCreated("bucket", key), new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.Jobs.Single().Status, Is.EqualTo("failed"));
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.Error, Does.Contain("header"));
    }

    [Test]
    public async Task Split_IgnoresObjectsOutsideTheUploadPrefix()
    {
        var pipeline = new InMemoryPipeline();
        var function = pipeline.Handler<SplitFunction>();

        var response = await function.HandleAsync(S3EventBuilder.ObjectCreated("bucket", "jobs/x/parts/000001.jsonl"), new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.Jobs, Is.Empty);
        Assert.That(pipeline.Log.Lines, Has.Some.Contains("ignored"));
    }

    [Test]
    public async Task Split_TheEventOfASecondPut_DoesNotSplitTheJobAgain()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var key = JobKeys.Upload(job.JobId, "list.csv");
        var function = pipeline.Handler<SplitFunction>();
        // The first PUT's event is cut short (its object cannot be read yet) after it claimed the split.
        Assert.ThrowsAsync<FileNotFoundException>(() => function.HandleAsync(S3EventBuilder.ObjectPut("bucket", key, "0055AED6DCD90281E5"), new TestLambdaContext(), CancellationToken.None));
        pipeline.Store.Write(key, Encoding.UTF8.GetBytes("email\na@acme.com\nb@acme.com\n"));

        var second = await function.HandleAsync(S3EventBuilder.ObjectPut("bucket", key, "0055AED6DCD90281E6"), new TestLambdaContext(), CancellationToken.None);
        var redelivered = await function.HandleAsync(S3EventBuilder.ObjectPut("bucket", key, "0055AED6DCD90281E5"), new TestLambdaContext(), CancellationToken.None);

        Assert.That(second.Jobs.Single().Status, Is.EqualTo("accepted"), "another PUT's event starts no split");
        Assert.That(pipeline.Queue.Sent, Has.Count.EqualTo(1), "the first PUT's event, delivered again, split the job once");
        Assert.That(redelivered.Jobs.Single().Status, Is.EqualTo("processing"));
    }
}
