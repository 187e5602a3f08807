using System.Text.Json;
using Enrichment.Lambda.S3Events;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Lambda.Tests.S3Events;

public sealed class S3EventTests
{
    private static S3Event Read(string json) => JsonSerializer.Deserialize(json, LambdaEventJsonContext.Default.S3Event)!;

    private static S3Event Sample() => Read(TestEvents.Read("s3-put-event.json"));

    [Test]
    public void Deserialize_ReadsTheNotificationOfTheAwsPutSample()
    {
        var record = Sample().Records[0];

        Assert.Multiple(() =>
        {
            Assert.That(record.EventName, Is.EqualTo("ObjectCreated:Put"));
            Assert.That(record.EventSource, Is.EqualTo("aws:s3"));
            Assert.That(record.EventVersion, Is.EqualTo("2.0"));
            Assert.That(record.AwsRegion, Is.EqualTo("us-east-1"));
            Assert.That(record.EventTime, Is.EqualTo(new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
            Assert.That(record.EventTime.Kind, Is.EqualTo(DateTimeKind.Utc));
        });
    }

    [Test]
    public void Deserialize_ReadsBucketAndObject()
    {
        var s3 = Sample().Records[0].S3;

        Assert.Multiple(() =>
        {
            Assert.That(s3.S3SchemaVersion, Is.EqualTo("1.0"));
            Assert.That(s3.ConfigurationId, Is.EqualTo("testConfigRule"));
            Assert.That(s3.Bucket.Name, Is.EqualTo("sourcebucket"));
            Assert.That(s3.Bucket.Arn, Is.EqualTo("arn:aws:s3:::mybucket"));
            Assert.That(s3.Bucket.OwnerIdentity!.PrincipalId, Is.EqualTo("EXAMPLE"));
            Assert.That(s3.Object.Key, Is.EqualTo("HappyFace.jpg"));
            Assert.That(s3.Object.Size, Is.EqualTo(1024L));
            Assert.That(s3.Object.ETag, Is.EqualTo("0123456789abcdef0123456789abcdef"));
            Assert.That(s3.Object.Sequencer, Is.EqualTo("0A1B2C3D4E5F678901"));
            Assert.That(s3.Object.VersionId, Is.Null);
        });
    }

    [Test]
    public void Deserialize_ReadsIdentityRequestAndResponseElements()
    {
        var record = Sample().Records[0];

        Assert.Multiple(() =>
        {
            Assert.That(record.UserIdentity!.PrincipalId, Is.EqualTo("EXAMPLE"));
            Assert.That(record.RequestParameters!.SourceIPAddress, Is.EqualTo("127.0.0.1"));
            Assert.That(record.ResponseElements!.XAmzRequestId, Is.EqualTo("EXAMPLE123456789"));
            Assert.That(record.ResponseElements.XAmzId2, Is.EqualTo("EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH"));
        });
    }

    [Test]
    public void DecodedKey_TurnsPlusIntoSpace()
    {
        var record = Sample().Records[1];

        Assert.Multiple(() =>
        {
            Assert.That(record.S3.Object.Key, Is.EqualTo("New+File.jpg"));
            Assert.That(record.S3.Object.DecodedKey, Is.EqualTo("New File.jpg"));
        });
    }

    [Test]
    public void Deserialize_ReadsVersionIdAndDecodesEscapes()
    {
        var record = Read("""
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1","eventTime":"2026-11-23T04:05:06.789Z",
              "eventName":"ObjectCreated:CompleteMultipartUpload",
              "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"enrichment-data","arn":"arn:aws:s3:::enrichment-data"},
                    "object":{"key":"uploads/j-1/my+list%2B%C3%A9.csv","size":73400320,"eTag":"d41d8cd98f00b204e9800998ecf8427e-14",
                              "versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko","sequencer":"0055AED6DCD90281E5"}}}]}
            """).Records.Single();

        Assert.Multiple(() =>
        {
            Assert.That(record.EventTime, Is.EqualTo(new DateTime(2026, 11, 23, 4, 5, 6, 789, DateTimeKind.Utc)));
            Assert.That(record.S3.Object.VersionId, Is.EqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko"));
            Assert.That(record.S3.Object.Size, Is.EqualTo(73400320L));
            Assert.That(record.S3.Object.DecodedKey, Is.EqualTo("uploads/j-1/my list+é.csv"));
        });
    }

    [Test]
    public void Serialize_WritesRecordsS3BucketAndObject()
    {
        var json = JsonSerializer.Serialize(Sample(), LambdaEventJsonContext.Default.S3Event);
        using var document = JsonDocument.Parse(json);
        var s3 = document.RootElement.GetProperty("Records")[0].GetProperty("s3");

        Assert.Multiple(() =>
        {
            Assert.That(s3.GetProperty("bucket").GetProperty("name").GetString(), Is.EqualTo("sourcebucket"));
            Assert.That(s3.GetProperty("object").GetProperty("key").GetString(), Is.EqualTo("HappyFace.jpg"));
            Assert.That(s3.GetProperty("object").GetProperty("eTag").GetString(), Is.EqualTo("0123456789abcdef0123456789abcdef"));
            Assert.That(s3.GetProperty("object").TryGetProperty("DecodedKey", out _) || s3.GetProperty("object").TryGetProperty("decodedKey", out _), Is.False);
        });
    }
}
