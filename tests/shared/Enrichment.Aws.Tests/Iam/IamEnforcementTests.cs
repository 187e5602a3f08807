using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Enrichment.Aws.Tests.Pipeline;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>
/// Proof that the pipeline's moto enforces IAM: each function's keys are refused what its planned policy does
/// not grant, and keys moto never issued are refused outright. Without these, a pipeline test passing with
/// per-function keys would prove nothing.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class IamEnforcementTests
{
    private AwsPipeline _pipeline = null!;

    [OneTimeSetUp]
    public async Task CreateAsync() => _pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 10);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Test]
    public async Task Worker_MayWriteUnderJobs_ButIsDeniedUploads()
    {
        using var s3 = _pipeline.Moto.S3(_pipeline.Users["worker"]);

        var allowed = await s3.PutObjectAsync(new PutObjectRequest { BucketName = _pipeline.BucketName, Key = "jobs/enforcement/part.jsonl", ContentBody = "{}" });
        var denied = Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = _pipeline.BucketName, Key = "uploads/enforcement/list.csv", ContentBody = "email\n" }));

        Assert.Multiple(() =>
        {
            Assert.That(allowed.HttpStatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(denied!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(denied.ErrorCode, Is.EqualTo("AccessDenied"));
        });
    }

    [Test]
    public void Worker_IsDeniedSendingBatches()
    {
        using var sqs = _pipeline.Moto.Sqs(_pipeline.Users["worker"]);

        var denied = Assert.ThrowsAsync<AmazonSQSException>(() => sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = _pipeline.QueueUrl, MessageBody = "{}" }));

        Assert.That(denied!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public void Api_IsDeniedConsumingBatches()
    {
        using var sqs = _pipeline.Moto.Sqs(_pipeline.Users["api"]);

        var denied = Assert.ThrowsAsync<AmazonSQSException>(() => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _pipeline.QueueUrl }));

        Assert.That(denied!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public void CheckCompletion_IsDeniedEveryObject_AndDeletingItems()
    {
        using var s3 = _pipeline.Moto.S3(_pipeline.Users["check-completion"]);
        using var dynamoDb = _pipeline.Moto.DynamoDb(_pipeline.Users["check-completion"]);

        var objectDenied = Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(_pipeline.BucketName, "jobs/enforcement/part.jsonl"));
        var deleteDenied = Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamoDb.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = _pipeline.TableName,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new("job#none"), ["sk"] = new("job") },
        }));

        Assert.Multiple(() =>
        {
            Assert.That(objectDenied!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(deleteDenied!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "its policy has no dynamodb:DeleteItem");
        });
    }

    [Test]
    public void KeysMotoNeverIssued_AreRefused()
    {
        using var sqs = _pipeline.Moto.Sqs(new BasicAWSCredentials("testing", "testing"));

        var refused = Assert.ThrowsAsync<AmazonSQSException>(() => sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = _pipeline.QueueUrl, AttributeNames = ["All"] }));

        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
