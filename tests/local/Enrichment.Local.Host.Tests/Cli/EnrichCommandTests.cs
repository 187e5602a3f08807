using Enrichment.Core.Input;
using Enrichment.Core.Providers.Http;
using Enrichment.Local.Host.Cli;
using Enrichment.Local.Host.Hosting;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Tests.Cli;

[NonParallelizable]
public sealed class EnrichCommandTests
{
    private const int Contacts = 1_500;

    [TestCase("input.csv", "out.csv", InputFormat.Csv)]
    [TestCase("input.json", "out.csv", InputFormat.Csv)]
    [TestCase("input.jsonl", "out.jsonl", InputFormat.JsonLines)]
    public async Task Enrich_RunsAJobEndToEndKeepingEveryRowInOrder(string inputName, string outputName, InputFormat outputFormat)
    {
        using var temp = new TempDirectory();
        var csv = temp.File("source.csv");
        await using (var writer = new StreamWriter(csv))
        {
            await new ContactGenerator(seed: 7).WriteCsvAsync(writer, Contacts, CancellationToken.None);
        }

        var input = temp.File(inputName);
        switch (Path.GetExtension(inputName))
        {
            case ".json": await OutputFiles.WriteJsonArrayAsync(csv, input); break;
            case ".jsonl": await OutputFiles.WriteJsonLinesAsync(csv, input); break;
            default: File.Copy(csv, input); break;
        }

        var output = temp.File(outputName);
        var console = new StringWriter();
        var command = new EnrichCommand(console, TimeProvider.System);
        var options = new EnrichCommand.Options(input, output, new LocalSettings { DataDirectory = temp.File("data"), Workers = 2, BatchSize = 100 }, Quiet: false);

        var result = await command.RunAsync(options, CancellationToken.None);
        command.PrintSummary(result, output);

        Assert.That(result.Status.Status, Is.EqualTo("completed"));
        var (sourceColumns, sourceRows) = await OutputFiles.ReadAsync(csv, InputFormat.Csv);
        var (columns, rows) = await OutputFiles.ReadAsync(output, outputFormat);
        Assert.That(rows, Has.Count.EqualTo(Contacts));
        Assert.That(columns.Take(sourceColumns.Count), Is.EqualTo(sourceColumns));
        Assert.That(columns, Does.Contain("record_status").And.Contain("phone_e164").And.Contain("duplicate_of"));
        for (var i = 0; i < Contacts; i++)
        {
            Assert.That(rows[i].Take(sourceColumns.Count).Select(v => v ?? string.Empty), Is.EqualTo(sourceRows[i].Select(v => v ?? string.Empty)), $"row {i + 1}");
        }

        var statuses = rows.Select(r => OutputFiles.Column(columns, r, "record_status")).ToList();
        Assert.That(statuses.Distinct(), Is.SubsetOf(new[] { "ok", "invalid", "error" }));
        Assert.That(statuses.Count(s => s == "ok"), Is.EqualTo(result.Status.Records.Ok));
        Assert.That(console.ToString(), Does.Contain("completed").And.Contain("duplicates"));
    }

    [Test]
    public async Task Enrich_WithAnHttpProviderKeyedFromTheLocalSecretsFile_FillsItsColumnsAndPrintsItsUsage()
    {
        using var temp = new TempDirectory();
        await using var api = await Enrichment.FakePersonApi.FakePersonApiServer.StartAsync();
        api.State.RequiredApiKey = "local-secret-31";
        api.State.Latency = TimeSpan.Zero;
        var data = Directory.CreateDirectory(temp.File("data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "secrets.json"), "{\"/local/fakeperson/api-key\": \"local-secret-31\"}");
        var definition = temp.File("fakeperson.json");
        await File.WriteAllTextAsync(definition, $$"""
            {
              "name": "fakeperson",
              "endpoint": "{{api.BaseUrl}}v1/person",
              "bulk": { "endpoint": "{{api.BaseUrl}}v1/people/bulk", "maxRecords": 25 },
              "request": { "email": "Email" },
              "response": { "job_title": { "path": "employment.title" } },
              "matchConfidence": "match.confidence",
              "auth": { "header": "X-Api-Key", "parameter": "/local/fakeperson/api-key" }
            }
            """);
        var input = temp.File("input.csv");
        await File.WriteAllTextAsync(input, "email,name\n" + string.Concat(Enumerable.Range(1, 60).Select(i => $"p{i % 30}@acme.com,Ann\n")));
        var output = temp.File("out.csv");
        var console = new StringWriter();
        var command = new EnrichCommand(console, TimeProvider.System);
        // One worker: two batches asking for one email at the same moment would both pay for it (see README).
        var settings = new LocalSettings { DataDirectory = data, Workers = 1, BatchSize = 20, Providers = ["normalize", "email", "fakeperson"], ProviderDefinitions = [HttpProviderDefinitionLoader.Load(definition)] };

        var result = await command.RunAsync(new EnrichCommand.Options(input, output, settings, Quiet: true), CancellationToken.None);
        command.PrintSummary(result, output);

        Assert.That(result.Status.Status, Is.EqualTo("completed"));
        var (columns, rows) = await OutputFiles.ReadAsync(output, InputFormat.Csv);
        Assert.That(columns, Does.Contain("fakeperson_job_title").And.Contain("match_confidence").And.Contain("enriched_by"));
        Assert.That(rows.Select(r => OutputFiles.Column(columns, r, "record_status")), Has.All.EqualTo("ok"), "the key from secrets.json was accepted");
        Assert.That(api.State.Requests.SelectMany(r => r.Emails).ToList(), Has.Count.EqualTo(30).And.Unique, "sixty rows, thirty people, thirty lookups");
        Assert.That(console.ToString(), Does.Contain($"provider   fakeperson: {api.State.RequestCount} calls, 30 sent, 30 reused"));
    }

    [Test]
    public async Task Retry_AfterAProviderOutage_ReRunsTheErrorRecordsIntoANewOutput()
    {
        using var temp = new TempDirectory();
        await using var api = await Enrichment.FakePersonApi.FakePersonApiServer.StartAsync();
        api.State.Latency = TimeSpan.Zero;
        var definition = temp.File("fakeperson.json");
        await File.WriteAllTextAsync(definition, $$"""
            {
              "name": "fakeperson",
              "endpoint": "{{api.BaseUrl}}v1/person",
              "bulk": { "endpoint": "{{api.BaseUrl}}v1/people/bulk", "maxRecords": 10 },
              "request": { "email": "Email" },
              "response": { "job_title": { "path": "employment.title" } },
              "resilience": { "maxRetries": 0, "breakerMinimumThroughput": 100, "requestsPerSecond": 100 }
            }
            """);
        var input = temp.File("input.csv");
        await File.WriteAllTextAsync(input, "email\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"p{i}@acme.com\n")));
        var data = temp.File("data");
        var settings = new LocalSettings { DataDirectory = data, Workers = 1, BatchSize = 10, Providers = ["normalize", "email", "fakeperson"], ProviderDefinitions = [HttpProviderDefinitionLoader.Load(definition)] };
        api.State.EnqueueFaults(Enrichment.FakePersonApi.FakeFault.ServerError, 1);
        var console = new StringWriter();
        var command = new EnrichCommand(console, TimeProvider.System);
        var first = await command.RunAsync(new EnrichCommand.Options(input, temp.File("first.csv"), settings, Quiet: true), CancellationToken.None);
        command.PrintSummary(first, temp.File("first.csv"));
        var sentBefore = api.State.Requests.Count;

        var retried = await command.RetryAsync(new EnrichCommand.RetryOptions(first.JobId, temp.File("second.csv"), settings, Quiet: true), CancellationToken.None);

        Assert.That(first.Status.Status, Is.EqualTo("completed_with_errors"));
        Assert.That(first.Status.Records.Error, Is.EqualTo(10));
        Assert.That(console.ToString(), Does.Contain($"enrichment retry {first.JobId} --out"));
        Assert.That(retried.Status.Status, Is.EqualTo("completed"));
        Assert.That(api.State.Requests.Skip(sentBefore).SelectMany(r => r.Emails).ToList(), Has.Count.EqualTo(10), "only the ten error records are sent again");
        var (columns, rows) = await OutputFiles.ReadAsync(temp.File("second.csv"), InputFormat.Csv);
        Assert.That(rows, Has.Count.EqualTo(30));
        Assert.That(rows.Select(r => OutputFiles.Column(columns, r, "record_status")), Has.All.EqualTo("ok"));
        Assert.That(File.Exists(temp.File("first.csv")), Is.True, "the first output is left alone");
    }

    [Test]
    public void Retry_OfAJobNotInTheDataDirectory_SaysSo()
    {
        using var temp = new TempDirectory();
        var settings = new LocalSettings { DataDirectory = Directory.CreateDirectory(temp.File("data")).FullName };
        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);

        var error = Assert.ThrowsAsync<CliException>(() => command.RetryAsync(new EnrichCommand.RetryOptions("nope", temp.File("out.csv"), settings, Quiet: true), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("job nope not found in"));
    }

    [Test]
    public async Task Enrich_FailsWithTheLineOfAMalformedList()
    {
        using var temp = new TempDirectory();
        var input = temp.File("bad.csv");
        await File.WriteAllTextAsync(input, "email,name\na@acme.com,Ann\nb@acme.com,\"Bob\n");
        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);
        var options = new EnrichCommand.Options(input, temp.File("out.csv"), new LocalSettings { DataDirectory = temp.File("data") }, Quiet: true);

        var error = Assert.ThrowsAsync<CliException>(() => command.RunAsync(options, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("line 3"));
        Assert.That(error.ExitCode, Is.Not.Zero);
        Assert.That(File.Exists(temp.File("out.csv")), Is.False);
    }

    [TestCase("nothing-here.csv", "out.csv", "not found")]
    [TestCase("list.xls", "out.csv", "cannot tell the format")]
    [TestCase("list.csv", "out.xml", "--out must end in .csv, .jsonl or .xlsx")]
    public async Task Enrich_RejectsBadArgumentsBeforeStarting(string inputName, string outputName, string expected)
    {
        using var temp = new TempDirectory();
        if (inputName != "nothing-here.csv")
        {
            await File.WriteAllTextAsync(temp.File(inputName), "email\na@acme.com\n");
        }

        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);
        var options = new EnrichCommand.Options(temp.File(inputName), temp.File(outputName), new LocalSettings { DataDirectory = temp.File("data") }, Quiet: true);

        var error = Assert.ThrowsAsync<CliException>(() => command.RunAsync(options, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(Directory.Exists(temp.File("data")), Is.False, "nothing was started");
    }
}
