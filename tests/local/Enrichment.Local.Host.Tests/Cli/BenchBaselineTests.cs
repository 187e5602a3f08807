using Enrichment.Core.Input;
using Enrichment.Local.Host.Cli;
using Enrichment.Local.Host.Hosting;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Tests.Cli;

[NonParallelizable]
public sealed class BenchBaselineTests
{
    private const int Contacts = 1_250;

    /// <summary>The baseline is only a fair floor if it does the pipeline's work: the same rows, in the same order, with the same values.</summary>
    [Test]
    public async Task Baseline_WritesWhatThePipelineWrites()
    {
        using var temp = new TempDirectory();
        var input = temp.File("contacts.csv");
        await using (var writer = new StreamWriter(input))
        {
            await new ContactGenerator(seed: 11).WriteCsvAsync(writer, Contacts, CancellationToken.None);
        }

        var pipelineOutput = temp.File("pipeline.csv");
        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);
        await command.RunAsync(new EnrichCommand.Options(input, pipelineOutput, new LocalSettings { DataDirectory = temp.File("data"), Workers = 2, BatchSize = 100 }, Quiet: true), CancellationToken.None);

        var baselineOutput = temp.File("baseline.csv");
        var stats = await BenchBaseline.RunAsync(input, baselineOutput, batchSize: 100, ["normalize", "email"], CancellationToken.None);

        var (pipelineColumns, pipelineRows) = await OutputFiles.ReadAsync(pipelineOutput, InputFormat.Csv);
        var (baselineColumns, baselineRows) = await OutputFiles.ReadAsync(baselineOutput, InputFormat.Csv);
        Assert.That(stats.Records, Is.EqualTo(Contacts));
        Assert.That(stats.TotalSeconds, Is.GreaterThan(0));
        Assert.That(baselineColumns, Is.EqualTo(pipelineColumns));
        Assert.That(baselineRows, Has.Count.EqualTo(Contacts));
        var duplicate = pipelineColumns.ToList().IndexOf("duplicate_of");
        Assert.That(pipelineRows.Count(r => !string.IsNullOrEmpty(r[duplicate])), Is.GreaterThan(0), "the generated list has duplicates, so duplicate_of is compared too");
        for (var i = 0; i < Contacts; i++)
        {
            Assert.That(baselineRows[i].Select(v => v ?? string.Empty), Is.EqualTo(pipelineRows[i].Select(v => v ?? string.Empty)), $"row {i + 1}");
        }
    }

    [Test]
    public void Stats_RoundTripThroughTheirJsonLine()
    {
        var stats = new BenchStats(1_000, 2.5, 3.25, 0.5, 120.5, new BenchStages(0.1, 0.2, 2.0, 0.2));

        Assert.That(BenchStats.Parse(stats.ToJson()), Is.EqualTo(stats));
        Assert.That(BenchStats.Parse((stats with { Stages = null }).ToJson()).Stages, Is.Null);
    }

    [Test]
    public void RuntimeFigures_RoundTripThroughTheJsonLine_AndALineWithoutHandOffCountsReadsAsZero()
    {
        var stats = new BenchStats(1_000, 2.5, 3.25, 0.5, 120.5, null, new BenchGc(12, 5, 1, 700.5, 0.25, 41_000, 7));
        var olderLine = stats.ToJson().Replace(",\"workItems\":41000,\"lockContentions\":7", string.Empty, StringComparison.Ordinal);

        Assert.That(BenchStats.Parse(stats.ToJson()), Is.EqualTo(stats));
        Assert.That(BenchStats.Parse(olderLine).Gc, Is.EqualTo(new BenchGc(12, 5, 1, 700.5, 0.25)));
    }
}
