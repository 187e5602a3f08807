using System.Text.Json;
using Enrichment.Lambda.Logging;
using Enrichment.Testing.Time;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Tests.Logging;

public sealed class StructuredLoggerTests
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

    private StructuredLogger Logger(LogLevel minimum = LogLevel.Trace, LogFormat format = LogFormat.Json) =>
        new(format, minimum, _out, _error, new ManualTimeProvider(Now));

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Json_WritesOneObjectPerLineWithTimestampLevelScopeIdsAndMessage()
    {
        var logger = Logger();

        using (logger.BeginRequestScope("req-7"))
        using (logger.BeginScope(new KeyValuePair<string, object?>[] { new("jobId", "j-1") }))
        {
            logger.LogInformation("Batch {Batch} written.", 3);
        }

        logger.LogWarning("Slow provider.");

        var lines = Lines(_out);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("""{"timestamp":"2026-11-23T05:06:07.089Z","level":"INFO","requestId":"req-7","jobId":"j-1","message":"Batch 3 written."}"""));
            Assert.That(lines[1], Is.EqualTo("""{"timestamp":"2026-11-23T05:06:07.089Z","level":"WARN","message":"Slow provider."}"""), "a line outside the scopes has no ids");
        });
    }

    [Test]
    public void Text_WritesTheSameFieldsAsOneReadableLine()
    {
        var logger = Logger(format: LogFormat.Text);

        using (logger.BeginRequestScope("local-3"))
        {
            logger.LogWarning("job {JobId} batch {Batch} will be redelivered", "j-1", 2);
            logger.LogError(new IOException("disk"), "upload failed");
        }

        Assert.Multiple(() =>
        {
            Assert.That(Lines(_out), Is.EqualTo(new[] { "2026-11-23T05:06:07.089Z WARN  requestId=local-3 job j-1 batch 2 will be redelivered" }));
            Assert.That(Lines(_error), Is.EqualTo(new[] { "2026-11-23T05:06:07.089Z ERROR requestId=local-3 upload failed [System.IO.IOException]" }));
        });
    }

    [Test]
    public void Scope_AnInnerValueOfTheSameNameWins_AndEndsWithItsScope()
    {
        var logger = Logger();

        using (logger.BeginRequestScope("outer"))
        {
            using (logger.BeginRequestScope("inner"))
            {
                logger.LogInformation("in");
            }

            logger.LogInformation("out");
        }

        Assert.That(
            Lines(_out).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("requestId").GetString()),
            Is.EqualTo(new[] { "inner", "outer" }));
    }

    [Test]
    public async Task Scope_FlowsWithEachInvocation_WhenInvocationsRunAtOnce()
    {
        var logger = Logger();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(invocation => Task.Run(async () =>
        {
            using var scope = logger.BeginRequestScope("r-" + invocation);
            for (var i = 0; i < 50; i++)
            {
                await Task.Yield();
                logger.LogInformation("line of r-{Invocation}", invocation);
            }
        })));

        var lines = Lines(_out).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.That(lines, Has.Count.EqualTo(400));
        Assert.That(lines.All(line => line.GetProperty("message").GetString() == "line of " + line.GetProperty("requestId").GetString()), Is.True);
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

    [TestCase(LogFormat.Json)]
    [TestCase(LogFormat.Text)]
    public void Log_BelowTheMinimumLevel_WritesNothing(LogFormat format)
    {
        var logger = Logger(LogLevel.Warning, format);

        logger.LogTrace("t");
        logger.LogDebug("d");
        logger.LogInformation("i");
        logger.LogWarning("w");

        Assert.Multiple(() =>
        {
            Assert.That(Lines(_out), Has.Length.EqualTo(1).And.All.Contain("WARN"));
            Assert.That(logger.IsEnabled(LogLevel.Information), Is.False);
            Assert.That(logger.IsEnabled(LogLevel.Warning), Is.True);
            Assert.That(logger.IsEnabled(LogLevel.None), Is.False);
        });
    }

    [TestCase(LogFormat.Json)]
    [TestCase(LogFormat.Text)]
    public void Log_WithAnException_WritesItsTypeButNeverItsMessage(LogFormat format)
    {
        var exception = new FormatException("'jane.doe@example.com' is not a phone number");

        Logger(format: format).LogError(exception, "Provider failed.");

        var line = Lines(_error).Single();
        Assert.That(line, Does.Contain("System.FormatException").And.Contain("Provider failed.").And.Not.Contain("jane.doe"));
        if (format == LogFormat.Json)
        {
            Assert.That(JsonDocument.Parse(line).RootElement.GetProperty("errorType").GetString(), Is.EqualTo("System.FormatException"));
        }
    }

    [Test]
    public void Json_KeepsAMultiLineMessageOnOneLine()
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
    public void Json_AScopeCannotOverwriteTheFixedFields()
    {
        var logger = Logger();

        using (logger.BeginScope(new KeyValuePair<string, object?>[] { new("level", "FATAL"), new("message", "forged") }))
        {
            logger.LogInformation("real");
        }

        using var line = JsonDocument.Parse(Lines(_out).Single());
        Assert.That((line.RootElement.GetProperty("level").GetString(), line.RootElement.GetProperty("message").GetString()), Is.EqualTo(("INFO", "real")));
    }

    [Test]
    public void ForLambda_TakesTheLevelFromLogLevelThenAwsLambdaLogLevel_AsJson()
    {
        var both = new Dictionary<string, string> { ["LOG_LEVEL"] = "ERROR", ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG" };
        var lambdas = new Dictionary<string, string> { ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG" };

        var fromOurs = StructuredLogger.ForLambda(both.GetValueOrDefault, TimeProvider.System);
        var fromLambdas = StructuredLogger.ForLambda(lambdas.GetValueOrDefault, TimeProvider.System);
        var byDefault = StructuredLogger.ForLambda(_ => null, TimeProvider.System);

        Assert.Multiple(() =>
        {
            Assert.That(fromOurs.MinimumLevel, Is.EqualTo(LogLevel.Error));
            Assert.That(fromLambdas.MinimumLevel, Is.EqualTo(LogLevel.Debug));
            Assert.That(byDefault.MinimumLevel, Is.EqualTo(LogLevel.Information));
            Assert.That(byDefault.Format, Is.EqualTo(LogFormat.Json));
        });
    }
}
