using System.Globalization;
using System.Text;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Enrichment.Aws.Tests.Support;
using Enrichment.FakePersonApi;
using Enrichment.Local.StateMachine;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// A paid provider in a job on the AWS adapters against moto: the key is a SecureString in SSM, the
/// job-wide answer cache lives in DynamoDB, and the fake person API counts what reaches it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AwsHttpProviderTests
{
    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_HttpProviderWithKeyFromSsm_SendsEachEmailOncePerJob()
    {
        const int count = 40;
        const string key = "ssm-key-5c1e";
        await using var api = await FakePersonApiServer.StartAsync();
        api.State.RequiredApiKey = key;
        api.State.Latency = TimeSpan.Zero;
        var parameter = $"/{MotoClients.UniqueName("enrichment")}/providers/fakeperson/api-key";

        // The deployment offers the provider by shipping its definition; the request names it only.
        var definitions = Directory.CreateTempSubdirectory("providers-").FullName;
        await File.WriteAllTextAsync(Path.Combine(definitions, "fakeperson.json"), Definition(api.BaseUrl, parameter));
        try
        {
            await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 10, providerDirectory: definitions);
            using (var ssm = pipeline.Moto.Ssm(pipeline.Moto.Admin))
            {
                await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = key, Type = ParameterType.SecureString });
            }

            // Twenty people, each twice, spelled differently, in batches of ten: every second batch repeats an earlier one.
            var csv = new StringBuilder("email,first_name,company\n");
            for (var i = 0; i < count; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{(i < 20 ? "person" : " PERSON")}{(i % 20) + 1}@acme.com,Ann,Acme\n");
            }

            var jobId = await pipeline.SubmitCsvAsync(csv.ToString(), providers: "normalize,email,fakeperson");
            await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
            var (_, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
            var status = await pipeline.StatusAsync(jobId);
            var (columns, rows) = await pipeline.DownloadCsvAsync(status["downloadUrl"]!.GetValue<string>());
            var sent = api.State.Requests.SelectMany(r => r.Emails).ToList();
            var usage = status["providers"]!.AsArray().Single()!;

            Assert.Multiple(() =>
            {
                Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
                Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"), status.ToJsonString());
                Assert.That(sent, Has.Count.EqualTo(20).And.Unique, "each normalized email reaches the API once per job");
                Assert.That(api.State.Requests.Select(r => r.Fault), Has.All.EqualTo(FakeFault.None));
                Assert.That(usage["provider"]!.GetValue<string>(), Is.EqualTo("fakeperson"));
                Assert.That(usage["sent"]!.GetValue<long>(), Is.EqualTo(20));
                Assert.That(usage["reused"]!.GetValue<long>(), Is.EqualTo(20));
                Assert.That(usage["calls"]!.GetValue<long>(), Is.EqualTo(api.State.RequestCount));
                Assert.That(rows, Has.Count.EqualTo(count));
                var state = columns.ToList().IndexOf("record_status");
                Assert.That(rows.Select(r => r[state]), Has.All.EqualTo("ok"), "the key from SSM was accepted");
                Assert.That(rows.SelectMany(r => r).OfType<string>(), Has.None.Contains(key));
            });
        }
        finally
        {
            Directory.Delete(definitions, recursive: true);
        }
    }

    private static string Definition(Uri baseUrl, string parameter) => $$"""
        {
          "name": "fakeperson",
          "endpoint": "{{baseUrl}}v1/person",
          "bulk": { "endpoint": "{{baseUrl}}v1/people/bulk", "maxRecords": 10, "requestProperty": "records", "responseProperty": "results", "idField": "id" },
          "request": { "email": "Email", "first_name": "FirstName", "company": "Company" },
          "response": { "job_title": { "path": "employment.title" } },
          "matchConfidence": "match.confidence",
          "auth": { "header": "X-Api-Key", "parameter": "{{parameter}}" }
        }
        """;
}
