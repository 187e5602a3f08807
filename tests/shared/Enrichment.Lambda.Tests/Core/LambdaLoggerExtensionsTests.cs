using Enrichment.Lambda.Core;
using Moq;

namespace Enrichment.Lambda.Tests.Core;

public sealed class LambdaLoggerExtensionsTests
{
    [Test]
    public void Shorthands_LogAtTheirLevels()
    {
        var logger = new Mock<ILambdaLogger>();

        logger.Object.LogLine("a");
        logger.Object.LogTrace("b");
        logger.Object.LogDebug("c");
        logger.Object.LogInformation("d");
        logger.Object.LogWarning("e");
        logger.Object.LogError("f");
        logger.Object.LogCritical("g");

        logger.Verify(l => l.Log(LogLevel.Information, "a"));
        logger.Verify(l => l.Log(LogLevel.Trace, "b"));
        logger.Verify(l => l.Log(LogLevel.Debug, "c"));
        logger.Verify(l => l.Log(LogLevel.Information, "d"));
        logger.Verify(l => l.Log(LogLevel.Warning, "e"));
        logger.Verify(l => l.Log(LogLevel.Error, "f"));
        logger.Verify(l => l.Log(LogLevel.Critical, "g"));
        logger.VerifyNoOtherCalls();
    }

    [Test]
    public void ErrorWithException_PassesTheExceptionToTheLogger()
    {
        var logger = new Mock<ILambdaLogger>();
        var exception = new InvalidOperationException("x");

        logger.Object.LogError("failed", exception);
        logger.Object.LogWarning("slow", exception);

        logger.Verify(l => l.Log(LogLevel.Error, "failed", exception));
        logger.Verify(l => l.Log(LogLevel.Warning, "slow", exception));
    }
}
