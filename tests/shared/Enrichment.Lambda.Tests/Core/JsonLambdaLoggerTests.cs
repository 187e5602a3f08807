using System.Text.Json;
using Enrichment.Lambda.Core;
using Enrichment.Testing.Time;

namespace Enrichment.Lambda.Tests.Core;

public sealed class JsonLambdaLoggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 5, 6, 7, 89, TimeSpan.Zero);
    private StringWriter _out = null!;
    private StringWriter _error = null!;

    [SetUp]
    public void CreateWriters()
    {
        // NUnit shares one fixture instance between tests.
        _out = new StringWriter();
        _error = new StringWriter();
    }

    [TearDown]
    public void DisposeWriters()
    {
        _out.Dispose();
        _error.Dispose();
    }

    private JsonLambdaLogger Logger(LogLevel minimum = LogLevel.Trace) =>
        new(_out, _error, new ManualTimeProvider(Now), minimum);

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Log_WritesOneJsonObjectPerLineWithTimestampLevelRequestIdAndMessage()
    {
        var logger = Logger().ForRequest("req-7");

        logger.LogInformation("Batch 3 of job j-1 written.");
        logger.LogWarning("Slow provider.");

        var lines = Lines(_out);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(first.RootElement.GetProperty("timestamp").GetString(), Is.EqualTo("2026-11-23T05:06:07.089Z"));
            Assert.That(first.RootElement.GetProperty("level").GetString(), Is.EqualTo("INFO"));
            Assert.That(first.RootElement.GetProperty("requestId").GetString(), Is.EqualTo("req-7"));
            Assert.That(first.RootElement.GetProperty("message").GetString(), Is.EqualTo("Batch 3 of job j-1 written."));
            Assert.That(JsonDocument.Parse(lines[1]).RootElement.GetProperty("level").GetString(), Is.EqualTo("WARN"));
        });
    }

    [Test]
    public void Log_ErrorsGoToStandardErrorAndTheRestToStandardOutput()
    {
        var logger = Logger();

        logger.LogDebug("d");
        logger.LogError("e");
        logger.LogCritical("c");

        Assert.Multiple(() =>
        {
            Assert.That(Lines(_out).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("level").GetString()), Is.EqualTo(new[] { "DEBUG" }));
            Assert.That(Lines(_error).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("level").GetString()), Is.EqualTo(new[] { "ERROR", "FATAL" }));
        });
    }

    [Test]
    public void Log_BelowTheMinimumLevel_WritesNothing()
    {
        var logger = Logger(LogLevel.Warning);

        logger.LogTrace("t");
        logger.LogDebug("d");
        logger.LogInformation("i");

        Assert.Multiple(() =>
        {
            Assert.That(_out.ToString(), Is.Empty);
            Assert.That(logger.IsEnabled(LogLevel.Information), Is.False);
            Assert.That(logger.IsEnabled(LogLevel.Warning), Is.True);
        });
    }

    [Test]
    public void Log_WithoutARequest_LeavesOutTheRequestId()
    {
        Logger().LogInformation("Initialized.");

        using var line = JsonDocument.Parse(Lines(_out).Single());
        Assert.That(line.RootElement.TryGetProperty("requestId", out _), Is.False);
    }

    [Test]
    public void Log_WithAnException_WritesItsTypeButNeverItsMessage()
    {
        var logger = Logger().ForRequest("req-1");
        var exception = new FormatException("'jane.doe@example.com' is not a phone number");

        logger.LogError("Provider failed.", exception);

        var line = Lines(_error).Single();
        using var document = JsonDocument.Parse(line);
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("errorType").GetString(), Is.EqualTo("System.FormatException"));
            Assert.That(document.RootElement.GetProperty("message").GetString(), Is.EqualTo("Provider failed."));
            Assert.That(line, Does.Not.Contain("jane.doe"));
        });
    }

    [Test]
    public void Log_ThroughTheInterface_AnExceptionAlsoKeepsOnlyItsType()
    {
        ILambdaLogger logger = Logger();

        logger.LogError("Failed.", new InvalidOperationException("secret@example.com"));

        Assert.That(_error.ToString(), Does.Contain("InvalidOperationException").And.Not.Contain("secret@example.com"));
    }

    [Test]
    public void Log_KeepsAMultiLineMessageOnOneLine()
    {
        Logger().LogInformation("first\nsecond \"quoted\"");

        var lines = Lines(_out);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(1));
            Assert.That(JsonDocument.Parse(lines[0]).RootElement.GetProperty("message").GetString(), Is.EqualTo("first\nsecond \"quoted\""));
        });
    }

    [Test]
    public async Task Log_FromManyThreads_KeepsEveryLineWhole()
    {
        var logger = Logger();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                logger.ForRequest("r-" + worker).LogInformation("line " + i);
            }
        })));

        var lines = Lines(_out);
        Assert.That(lines, Has.Length.EqualTo(1600));
        Assert.That(lines.All(line => JsonDocument.Parse(line).RootElement.GetProperty("message").GetString()!.StartsWith("line ", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    [NonParallelizable]
    public void FromEnvironment_TakesTheLevelFromLogLevelThenAwsLambdaLogLevel()
    {
        var saved = (Environment.GetEnvironmentVariable("LOG_LEVEL"), Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL"));
        try
        {
            Environment.SetEnvironmentVariable("LOG_LEVEL", "ERROR");
            Environment.SetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL", "DEBUG");
            var fromOurs = JsonLambdaLogger.FromEnvironment().MinimumLevel;
            Environment.SetEnvironmentVariable("LOG_LEVEL", null);
            var fromLambdas = JsonLambdaLogger.FromEnvironment().MinimumLevel;
            Environment.SetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL", null);
            var byDefault = JsonLambdaLogger.FromEnvironment().MinimumLevel;

            Assert.Multiple(() =>
            {
                Assert.That(fromOurs, Is.EqualTo(LogLevel.Error));
                Assert.That(fromLambdas, Is.EqualTo(LogLevel.Debug));
                Assert.That(byDefault, Is.EqualTo(LogLevel.Information));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("LOG_LEVEL", saved.Item1);
            Environment.SetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL", saved.Item2);
        }
    }

    [Test]
    public void ForRequest_SharesTheWritersAndTheLevel()
    {
        var process = Logger(LogLevel.Warning);
        var request = process.ForRequest("req-2");

        request.LogWarning("w");

        Assert.Multiple(() =>
        {
            Assert.That(request.MinimumLevel, Is.EqualTo(LogLevel.Warning));
            Assert.That(request.RequestId, Is.EqualTo("req-2"));
            Assert.That(process.RequestId, Is.Null);
            Assert.That(_out.ToString(), Does.Contain("\"requestId\":\"req-2\""));
        });
    }

    [TestCase("TRACE", LogLevel.Trace)]
    [TestCase("debug", LogLevel.Debug)]
    [TestCase("INFO", LogLevel.Information)]
    [TestCase("Information", LogLevel.Information)]
    [TestCase("WARN", LogLevel.Warning)]
    [TestCase("warning", LogLevel.Warning)]
    [TestCase("ERROR", LogLevel.Error)]
    [TestCase("FATAL", LogLevel.Critical)]
    [TestCase("critical", LogLevel.Critical)]
    [TestCase("off", LogLevel.None)]
    [TestCase(null, LogLevel.Information)]
    [TestCase("loud", LogLevel.Information)]
    public void ParseLevel_ReadsAwsAndDotNetNames(string? value, LogLevel expected) =>
        Assert.That(JsonLambdaLogger.ParseLevel(value), Is.EqualTo(expected));
}
