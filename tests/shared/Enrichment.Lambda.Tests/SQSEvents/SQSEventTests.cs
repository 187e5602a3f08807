using System.Text.Json;
using System.Text;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Lambda.Tests.SQSEvents;

public sealed class SQSEventTests
{
    private static SQSEvent Sample() =>
        JsonSerializer.Deserialize(TestEvents.Read("sqs-event.json"), LambdaEventJsonContext.Default.SQSEvent)!;

    [Test]
    public void Deserialize_ReadsTheMessageFieldsOfTheAwsSample()
    {
        var message = Sample().Records.Single();

        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo("MessageID"));
            Assert.That(message.ReceiptHandle, Is.EqualTo("MessageReceiptHandle"));
            Assert.That(message.Body, Is.EqualTo("Message Body"));
            Assert.That(message.Md5OfBody, Is.EqualTo("fce0ea8dd236ccb3ed9b37dae260836f"));
            Assert.That(message.Md5OfMessageAttributes, Is.EqualTo("582c92c5c5b6ac403040a4f3ab3115c9"));
            Assert.That(message.EventSourceArn, Is.EqualTo("arn:aws:sqs:us-west-2:123456789012:SQSQueue"));
            Assert.That(message.EventSource, Is.EqualTo("aws:sqs"));
            Assert.That(message.AwsRegion, Is.EqualTo("us-west-2"));
        });
    }

    [Test]
    public void Deserialize_ReadsSystemAttributesAndTheReceiveCount()
    {
        var message = Sample().Records.Single();

        Assert.Multiple(() =>
        {
            Assert.That(message.Attributes["ApproximateReceiveCount"], Is.EqualTo("2"));
            Assert.That(message.Attributes["SentTimestamp"], Is.EqualTo("1520621625029"));
            Assert.That(message.Attributes["SenderId"], Is.EqualTo("AROAIWPX5BD2BHG722MW4:sender"));
            Assert.That(message.Attributes["ApproximateFirstReceiveTimestamp"], Is.EqualTo("1520621634884"));
            Assert.That(message.ApproximateReceiveCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void Deserialize_ReadsMessageAttributesWithBase64BinaryValues()
    {
        var attributes = Sample().Records.Single().MessageAttributes;
        var first = attributes["Attribute1"];
        var second = attributes["Attribute2"];

        Assert.Multiple(() =>
        {
            Assert.That(first.DataType, Is.EqualTo("Number"));
            Assert.That(first.StringValue, Is.EqualTo("123"));
            Assert.That(Encoding.UTF8.GetString(first.BinaryValue!), Is.EqualTo("Smaug"));
            Assert.That(first.StringListValues, Is.EqualTo(new[] { "a1", "a2" }));
            Assert.That(first.BinaryListValues!.Select(value => Encoding.UTF8.GetString(value)), Is.EqualTo(new[] { "Vermithrax", "Pejorative" }));
            Assert.That(second.DataType, Is.EqualTo("String"));
            Assert.That(second.StringValue, Is.EqualTo("AttributeValue2"));
            Assert.That(second.BinaryValue, Is.Null);
            Assert.That(second.BinaryListValues, Is.Empty);
        });
    }

    [TestCase("{}")]
    [TestCase("{\"ApproximateReceiveCount\":\"many\"}")]
    public void ApproximateReceiveCount_IsZeroWhenMissingOrUnreadable(string attributes)
    {
        var json = "{\"Records\":[{\"messageId\":\"m\",\"attributes\":" + attributes + "}]}";

        var message = JsonSerializer.Deserialize(json, LambdaEventJsonContext.Default.SQSEvent)!.Records.Single();

        Assert.That(message.ApproximateReceiveCount, Is.Zero);
    }

    [Test]
    public void Serialize_WritesTheNamesLambdaSends()
    {
        var json = JsonSerializer.Serialize(Sample(), LambdaEventJsonContext.Default.SQSEvent);
        using var document = JsonDocument.Parse(json);
        var record = document.RootElement.GetProperty("Records")[0];

        Assert.Multiple(() =>
        {
            Assert.That(record.GetProperty("eventSourceARN").GetString(), Is.EqualTo("arn:aws:sqs:us-west-2:123456789012:SQSQueue"));
            Assert.That(record.GetProperty("messageId").GetString(), Is.EqualTo("MessageID"));
            Assert.That(record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString(), Is.EqualTo("2"));
            Assert.That(record.GetProperty("messageAttributes").GetProperty("Attribute1").GetProperty("binaryValue").GetString(), Is.EqualTo("U21hdWc="));
            Assert.That(record.TryGetProperty("ApproximateReceiveCount", out _), Is.False, "the convenience property is not part of the event");
        });
    }

    [Test]
    public void Utf8Body_IsWhatBodyReads_AndIsNeverWrittenIntoTheEvent()
    {
        var message = new SQSEvent.SQSMessage { MessageId = "m1", Utf8Body = Encoding.UTF8.GetBytes("Zoë 東京") };

        var json = JsonSerializer.Serialize(new SQSEvent { Records = [message] }, LambdaEventJsonContext.Default.SQSEvent);
        using var document = JsonDocument.Parse(json);
        var record = document.RootElement.GetProperty("Records")[0];

        Assert.That(message.Body, Is.EqualTo("Zoë 東京"));
        Assert.That(record.GetProperty("body").GetString(), Is.EqualTo("Zoë 東京"));
        Assert.That(record.TryGetProperty("utf8Body", out _) || record.TryGetProperty("Utf8Body", out _), Is.False);
    }

    [Test]
    public void Body_SetAfterUtf8Body_ReplacesIt()
    {
        var message = new SQSEvent.SQSMessage { Utf8Body = Encoding.UTF8.GetBytes("bytes") };

        message.Body = "text";

        Assert.That((message.Body, message.Utf8Body), Is.EqualTo(("text", (ReadOnlyMemory<byte>?)null)));
    }
}
