using System.Text.Json;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Lambda.Tests.SQSEvents;

public sealed class SQSBatchResponseTests
{
    [Test]
    public void Serialize_WritesBatchItemFailuresWithItemIdentifiers()
    {
        var response = new SQSBatchResponse([new SQSBatchResponse.BatchItemFailure("m-1"), new SQSBatchResponse.BatchItemFailure("m-2")]);

        var json = JsonSerializer.Serialize(response, LambdaEventJsonContext.Default.SQSBatchResponse);

        Assert.That(json, Is.EqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"m-2\"}]}"));
    }

    [Test]
    public void Serialize_AllSucceeded_IsAnEmptyList()
    {
        var json = JsonSerializer.Serialize(new SQSBatchResponse(), LambdaEventJsonContext.Default.SQSBatchResponse);

        Assert.That(json, Is.EqualTo("{\"batchItemFailures\":[]}"));
    }

    [Test]
    public void Deserialize_ReadsTheAwsSample()
    {
        var response = JsonSerializer.Deserialize(TestEvents.Read("sqs-response.json"), LambdaEventJsonContext.Default.SQSBatchResponse)!;

        Assert.That(response.BatchItemFailures.Select(failure => failure.ItemIdentifier), Is.EqualTo(new[] { "MessageID_1", "MessageID_2" }));
    }
}
