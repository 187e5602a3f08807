using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Contacts;
using Enrichment.Testing.Dns;
using Enrichment.Testing.Events;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// Issue 14's columns through the Lambda functions on the AWS adapters (moto): the api function's
/// POST /enrich and a whole job (api, worker, poller, aggregate), with the mx provider asking a real
/// dnsmasq named by ENRICHMENT_DNS_SERVER, as Terraform sets it.
/// </summary>
[NonParallelizable]
public sealed class AwsVerdictColumnsTests
{
    private Dnsmasq _dns = null!;

    [OneTimeSetUp]
    public async Task StartDnsAsync() => _dns = await Dnsmasq.StartAsync();

    [OneTimeTearDown]
    public async Task StopDnsAsync() => await _dns.DisposeAsync();

    [Test]
    [CancelAfter(600_000)]
    public async Task Job_WithMx_WritesTheColumnsForEveryRow()
    {
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 3, dnsServer: _dns.Endpoint.ToString());

        var jobId = await pipeline.SubmitCsvAsync(VerdictContacts.Csv, "normalize,email,mx");
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
        var status = await pipeline.StatusAsync(jobId);

        Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
        Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var (columns, rows) = await pipeline.DownloadCsvAsync(status["downloadUrl"]!.GetValue<string>());
        Assert.That(VerdictContacts.Mismatches(columns, rows), Is.Empty);
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task PostEnrich_WithMx_AnswersTheColumns()
    {
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 10, dnsServer: _dns.Endpoint.ToString());
        const string Contact = """{"Name":"Dr. Bob Smith Jr.","Email":"Bob.Smith@mx.example.com","Phone":"+49 151 12345678","Country":"DE","Company":"ACME GmbH"}""";

        var response = await pipeline.SendAsync(
            ApiRequestBuilder.Post("/enrich").WithQuery("providers", "normalize,email,mx").WithBody(Contact, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        var body = JsonNode.Parse(response.Body!)!.AsObject();
        Assert.That(VerdictContacts.MismatchesOfFirst(column => body[column]?.GetValue<string>()), Is.Empty);
    }
}
