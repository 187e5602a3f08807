using Enrichment.Lambda.Core;
using Enrichment.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Lambda.Tests.Core;

public sealed class LambdaContextTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);
    private static readonly LambdaFunctionInfo Function = new("enrichment-worker", "$LATEST", 1024, "/aws/lambda/enrichment-worker", "2026/11/23/[$LATEST]abc");

    private static LambdaContext Create(DateTimeOffset deadline, TimeProvider clock) =>
        new("req-1", deadline, "arn:aws:lambda:eu-west-1:123456789012:function:enrichment-worker", "Root=1-abc", Function,
            NullLogger.Instance, clock);

    [Test]
    public void RemainingTime_CountsDownOnTheInjectedClock()
    {
        var clock = new ManualTimeProvider(Now);
        var context = Create(Now.AddSeconds(30), clock);

        var atStart = context.RemainingTime;
        clock.Advance(TimeSpan.FromSeconds(12.5));

        Assert.Multiple(() =>
        {
            Assert.That(atStart, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(context.RemainingTime, Is.EqualTo(TimeSpan.FromSeconds(17.5)));
        });
    }

    [Test]
    public void RemainingTime_IsZeroPastTheDeadline()
    {
        var clock = new ManualTimeProvider(Now);
        var context = Create(Now.AddSeconds(1), clock);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.That(context.RemainingTime, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Members_ComeFromTheInvocationAndTheFunction()
    {
        var context = Create(Now.AddSeconds(30), new ManualTimeProvider(Now));

        Assert.Multiple(() =>
        {
            Assert.That(context.AwsRequestId, Is.EqualTo("req-1"));
            Assert.That(context.InvokedFunctionArn, Is.EqualTo("arn:aws:lambda:eu-west-1:123456789012:function:enrichment-worker"));
            Assert.That(context.TraceId, Is.EqualTo("Root=1-abc"));
            Assert.That(context.FunctionName, Is.EqualTo("enrichment-worker"));
            Assert.That(context.FunctionVersion, Is.EqualTo("$LATEST"));
            Assert.That(context.MemoryLimitInMB, Is.EqualTo(1024));
            Assert.That(context.LogGroupName, Is.EqualTo("/aws/lambda/enrichment-worker"));
            Assert.That(context.LogStreamName, Is.EqualTo("2026/11/23/[$LATEST]abc"));
        });
    }

    [Test]
    public void ParseDeadline_ReadsUnixMilliseconds()
    {
        var deadline = LambdaContext.ParseDeadline("1795410000123");

        Assert.That(deadline, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1795410000123)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("soon")]
    [TestCase("-5")]
    public void ParseDeadline_RejectsWhatIsNotMilliseconds(string? value) =>
        Assert.Throws<FormatException>(() => LambdaContext.ParseDeadline(value));
}
