using Enrichment.Lambda.Logging;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Tests.Logging;

public sealed class LogLevelsTests
{
    [TestCase("TRACE", LogLevel.Trace)]
    [TestCase("debug", LogLevel.Debug)]
    [TestCase("INFO", LogLevel.Information)]
    [TestCase("Information", LogLevel.Information)]
    [TestCase("WARN", LogLevel.Warning)]
    [TestCase(" warning ", LogLevel.Warning)]
    [TestCase("ERROR", LogLevel.Error)]
    [TestCase("FATAL", LogLevel.Critical)]
    [TestCase("critical", LogLevel.Critical)]
    [TestCase("off", LogLevel.None)]
    [TestCase("none", LogLevel.None)]
    [TestCase(null, LogLevel.Information)]
    [TestCase("loud", LogLevel.Information)]
    public void Parse_ReadsAwsAndDotNetNames_AndFallsBackToInformation(string? value, LogLevel expected) =>
        Assert.That(LogLevels.Parse(value), Is.EqualTo(expected));

    [TestCase(LogLevel.Information, "INFO")]
    [TestCase(LogLevel.Warning, "WARN")]
    [TestCase(LogLevel.Critical, "FATAL")]
    public void Name_IsTheNameLambdasOwnJsonLogsUse(LogLevel level, string expected) =>
        Assert.That(LogLevels.Name(level), Is.EqualTo(expected));
}
