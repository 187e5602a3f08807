using Enrichment.Lambda.S3Events;

namespace Enrichment.Testing.Events;

/// <summary>Builds S3 ObjectCreated events as a bucket notification delivers them (keys URL-encoded).</summary>
public static class S3EventBuilder
{
    public static S3Event ObjectCreated(string bucket, params string[] keys) => new()
    {
        Records =
        [
            .. keys.Select(key => new S3Event.S3EventNotificationRecord
            {
                EventVersion = "2.1",
                EventSource = "aws:s3",
                AwsRegion = "us-east-1",
                EventName = "ObjectCreated:Put",
                S3 = new S3Event.S3Entity
                {
                    Bucket = new S3Event.S3BucketEntity { Name = bucket, Arn = "arn:aws:s3:::" + bucket },
                    Object = new S3Event.S3ObjectEntity { Key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal).Replace("%20", "+", StringComparison.Ordinal), Size = 1 },
                },
            }),
        ],
    };

    /// <summary>The event of one PUT: S3 gives each PUT of a key its own sequencer, and a repeated delivery the same.</summary>
    /// <param name="size">The object's size, as S3 gives it (the split reads a large list in two halves only when it matches the object).</param>
    public static S3Event ObjectPut(string bucket, string key, string sequencer, long size = 1)
    {
        var s3Event = ObjectCreated(bucket, key);
        s3Event.Records![0].S3.Object.Sequencer = sequencer;
        s3Event.Records[0].S3.Object.Size = size;
        return s3Event;
    }
}
