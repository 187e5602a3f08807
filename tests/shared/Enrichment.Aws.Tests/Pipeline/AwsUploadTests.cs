using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Events;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// The upload link on the AWS adapters against moto: S3 takes any number of PUTs of the signed
/// length, and each sends an event; the job is split once, from the PUT whose event claimed it.
/// </summary>
public sealed class AwsUploadTests
{
    private const string First = "email,first name\nann@acme.com,Ann\nbob@globex.io,Bob\n";
    private const string Second = "email,first name\nzed@other.io,Zed\nyann@other.io,Yan\n";

    /// <summary>POST /jobs/uploads for a list.csv of <see cref="First"/>'s length, with <paramref name="moreFields"/> in its body.</summary>
    private static async Task<(string JobId, string Url, string Key)> ReserveAsync(AwsPipeline pipeline, string moreFields)
    {
        var reserve = await pipeline.SendAsync(
            ApiRequestBuilder.Post("/jobs/uploads").WithBody($"{{\"fileName\":\"list.csv\",\"size\":{Encoding.UTF8.GetByteCount(First)}{moreFields}}}", "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(201), reserve.Body);
        var upload = JsonNode.Parse(reserve.Body!)!;
        var jobId = upload["jobId"]!.GetValue<string>();
        return (jobId, upload["uploadUrl"]!.GetValue<string>(), $"uploads/{jobId}/list.csv");
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_TheEventOfASecondPut_NeverSplitsTheJobAgain()
    {
        Assert.That(Encoding.UTF8.GetByteCount(Second), Is.EqualTo(Encoding.UTF8.GetByteCount(First)), "both files fit the one signed length");
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 50);
        var (jobId, url, key) = await ReserveAsync(pipeline, string.Empty);
        var bucket = pipeline.BucketName;
        var split = pipeline.Split;

        // The first PUT's event is handled before S3 serves its object (the split is cut short after
        // claiming the job); S3 then takes the first PUT and a second one of the same length.
        Assert.ThrowsAsync<FileNotFoundException>(() => split.HandleAsync(S3EventBuilder.ObjectPut(bucket, key, "0000000000000001"), pipeline.Context("split"), CancellationToken.None));
        var firstPut = await pipeline.UploadAsync(url, Encoding.UTF8.GetBytes(First), "text/csv");
        var secondPut = await pipeline.UploadAsync(url, Encoding.UTF8.GetBytes(Second), "text/csv");
        Assert.That((firstPut, secondPut), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)), "S3 cannot refuse the second PUT");

        var second = await split.HandleAsync(S3EventBuilder.ObjectPut(bucket, key, "0000000000000002"), pipeline.Context("split"), CancellationToken.None);
        var afterSecond = await pipeline.StatusAsync(jobId);
        var redelivered = await split.HandleAsync(S3EventBuilder.ObjectPut(bucket, key, "0000000000000001"), pipeline.Context("split"), CancellationToken.None);
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
        var status = await pipeline.StatusAsync(jobId);

        Assert.Multiple(() =>
        {
            Assert.That(second.Jobs.Single().Status, Is.EqualTo("accepted"), "the second PUT's event started nothing");
            Assert.That(afterSecond["status"]!.GetValue<string>(), Is.EqualTo("accepted"));
            Assert.That(redelivered.Jobs.Single().Status, Is.EqualTo("processing"), "the claiming event, delivered again, split the job");
            Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(status["records"]!["total"]!.GetValue<long>(), Is.EqualTo(2), "one file's rows, once");
        });
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_ADryRunUpload_EndsCompletedWithTheListsEstimate_RunsNothing_AndDeletesTheUpload()
    {
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 50);
        var (jobId, url, key) = await ReserveAsync(pipeline, ",\"dryRun\":true");
        Assert.That(await pipeline.UploadAsync(url, Encoding.UTF8.GetBytes(First), "text/csv"), Is.EqualTo(HttpStatusCode.OK));

        // The split function, with its own role, on the object's event.
        var split = await pipeline.Split.HandleAsync(S3EventBuilder.ObjectPut(pipeline.BucketName, key, "0000000000000001"), pipeline.Context("split"), CancellationToken.None);
        var status = await pipeline.StatusAsync(jobId);
        var expected = await pipeline.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("dryRun", "true").WithBody(First, "text/csv"));
        using var s3 = pipeline.Moto.S3(pipeline.Moto.Admin);
        var uploadLeft = true;
        try
        {
            await s3.GetObjectMetadataAsync(pipeline.BucketName, key);
        }
        catch (Amazon.S3.AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            uploadLeft = false;
        }

        Assert.Multiple(() =>
        {
            Assert.That(split.Jobs.Single().Status, Is.EqualTo("completed"));
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(status["downloadUrl"], Is.Null, "an estimate has no output");
            Assert.That(status["estimate"]!.ToJsonString(), Is.EqualTo(JsonNode.Parse(expected.Body!)!.ToJsonString()), "the estimate of POST /jobs?dryRun=true for the same list");
            Assert.That(status["estimate"]!["records"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(uploadLeft, Is.False, "the upload is deleted");
            Assert.That(pipeline.Deliveries, Is.Zero);
        });
        Assert.That(await pipeline.PumpAsync(pipeline.QueueUrl, pipeline.QueueArn, waitSeconds: 0, delete: true), Is.Zero, "no batch was sent");
    }
}
