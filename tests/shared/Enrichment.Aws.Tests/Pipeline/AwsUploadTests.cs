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

    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_TheEventOfASecondPut_NeverSplitsTheJobAgain()
    {
        Assert.That(Encoding.UTF8.GetByteCount(Second), Is.EqualTo(Encoding.UTF8.GetByteCount(First)), "both files fit the one signed length");
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 50);
        var reserve = await pipeline.SendAsync(
            ApiRequestBuilder.Post("/jobs/uploads").WithBody($"{{\"fileName\":\"list.csv\",\"size\":{Encoding.UTF8.GetByteCount(First)}}}", "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(201), reserve.Body);
        var upload = JsonNode.Parse(reserve.Body!)!;
        var jobId = upload["jobId"]!.GetValue<string>();
        var url = upload["uploadUrl"]!.GetValue<string>();
        var key = $"uploads/{jobId}/list.csv";
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
}
