using Enrichment.Core.Configuration;

namespace Enrichment.Core.Tests.Configuration;

public sealed class EnvironmentOptionsTests
{
    [Test]
    public void Read_TakesTheDeadLetterQueueArnFromItsVariable()
    {
        var options = EnvironmentOptions.Read(name => name == "ENRICHMENT_DLQ_ARN" ? " arn:aws:sqs:eu-west-1:123456789012:enrichment-dlq " : null);

        Assert.That(options.DeadLetterQueueArn, Is.EqualTo("arn:aws:sqs:eu-west-1:123456789012:enrichment-dlq"));
    }

    [TestCase(null)]
    [TestCase("  ")]
    public void Read_WithoutADeadLetterQueueArn_LeavesItUnset(string? value)
    {
        Assert.That(EnvironmentOptions.Read(_ => value).DeadLetterQueueArn, Is.Null);
    }
}
