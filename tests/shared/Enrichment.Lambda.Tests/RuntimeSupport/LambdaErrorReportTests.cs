using System.Text.Json;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Lambda.Tests.RuntimeSupport;

public sealed class LambdaErrorReportTests
{
    [Test]
    public void FromException_ReportsTypeNameMessageAndStackTrace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("Job j-1 is not accepting batches.");
        }
        catch (InvalidOperationException exception)
        {
            thrown = exception;
        }

        var report = LambdaErrorReport.FromException(thrown);

        Assert.Multiple(() =>
        {
            Assert.That(report.ErrorType, Is.EqualTo("InvalidOperationException"));
            Assert.That(report.ErrorMessage, Is.EqualTo("Job j-1 is not accepting batches."));
            Assert.That(report.StackTrace, Is.Not.Empty);
            Assert.That(report.StackTrace[0], Does.Contain(nameof(FromException_ReportsTypeNameMessageAndStackTrace)));
        });
    }

    [Test]
    public void FromException_ForJson_KeepsThePositionButNotTheInput()
    {
        var exception = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("{\"Records\":[{\"messageId\":jane.doe@example.com}]}", LambdaEventJsonContext.Default.SQSEvent));

        var report = LambdaErrorReport.FromException(exception!);

        Assert.Multiple(() =>
        {
            Assert.That(report.ErrorType, Is.EqualTo("JsonException"));
            Assert.That(report.ErrorMessage, Does.StartWith("Invalid JSON at path '$.Records[0].messageId', line 0, byte"));
            Assert.That(report.ErrorMessage, Does.Not.Contain("jane"));
        });
    }

    [Test]
    public void ToJson_WritesTheRuntimeApiErrorShape()
    {
        var report = new LambdaErrorReport("Runtime.Test", "It \"failed\".", ["at A()", "at B()"]);

        var json = System.Text.Encoding.UTF8.GetString(report.ToJson());

        Assert.That(json, Is.EqualTo("{\"errorMessage\":\"It \\\"failed\\\".\",\"errorType\":\"Runtime.Test\",\"stackTrace\":[\"at A()\",\"at B()\"]}"));
    }

    [Test]
    public void FromException_OfAnExceptionNeverThrown_HasAnEmptyStackTrace()
    {
        var report = LambdaErrorReport.FromException(new TimeoutException("late"));

        Assert.Multiple(() =>
        {
            Assert.That(report.StackTrace, Is.Empty);
            Assert.That(report.ErrorType, Is.EqualTo(nameof(TimeoutException)));
        });
    }

    [Test]
    public void BatchResponseType_IsInTheSharedContext() =>
        Assert.That(LambdaEventJsonContext.Default.GetTypeInfo(typeof(SQSBatchResponse)), Is.Not.Null);
}
