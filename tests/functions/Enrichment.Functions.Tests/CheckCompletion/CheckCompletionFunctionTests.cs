using Enrichment.Core.Workflow;
using Enrichment.Functions.CheckCompletion;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;

namespace Enrichment.Functions.Tests.CheckCompletion;

public sealed class CheckCompletionFunctionTests
{
    [Test]
    public async Task CheckCompletion_AnswersNotDoneThenDone()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv("email\na@acme.com\n"), CancellationToken.None)).Value;
        var function = pipeline.Handler<CheckCompletionFunction>();

        var before = await function.HandleAsync(new CheckCompletionInput(job.JobId, 0, 1), new TestLambdaContext(), CancellationToken.None);
        await pipeline.DeliverAllAsync();
        var after = await function.HandleAsync(new CheckCompletionInput(job.JobId, 0, before.WaitSeconds), new TestLambdaContext(), CancellationToken.None);

        Assert.That(before.Done, Is.False);
        Assert.That(before.WaitSeconds, Is.GreaterThan(0));
        Assert.That(after.Done, Is.True);
        Assert.That(after.JobId, Is.EqualTo(job.JobId));
    }
}
