using Enrichment.Core.Input;
using Enrichment.Core.Providers;
using Enrichment.Local.Host.Cli;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Tests.Cli;

public sealed class ChainWarmUpTests
{
    [Test]
    public async Task Run_EnrichesNoMoreThanTheHeadOfALongList()
    {
        using var temp = new TempDirectory();
        var input = temp.File("list.csv");
        await using (var writer = new StreamWriter(input))
        {
            await new ContactGenerator(seed: 3).WriteCsvAsync(writer, 5_000, CancellationToken.None);
        }

        var enriched = ChainWarmUp.Run(input, InputFormat.Csv, ProviderFactory.OfflineChain(["normalize", "email"])!);

        Assert.That(enriched, Is.EqualTo(ChainWarmUp.MaxRecords));
    }

    [Test]
    public async Task Run_EnrichesEveryRowOfATinyList()
    {
        using var temp = new TempDirectory();
        var input = temp.File("list.csv");
        await File.WriteAllTextAsync(input, "email,phone,country\na@example.com,020 7946 0722,GB\nb@example.org,+1 415 555 0100,US\n");

        var enriched = ChainWarmUp.Run(input, InputFormat.Csv, ProviderFactory.OfflineChain(["normalize"])!);

        Assert.That(enriched, Is.EqualTo(2));
    }

    [Test]
    public async Task Run_OfAListTheReadersRefuse_EnrichesNothingAndDoesNotThrow()
    {
        using var temp = new TempDirectory();
        var input = temp.File("list.json");
        await File.WriteAllTextAsync(input, "{ not a list");

        var enriched = ChainWarmUp.Run(input, InputFormat.Json, ProviderFactory.OfflineChain(["normalize"])!);

        Assert.That(enriched, Is.Zero);
    }

    [Test]
    public void Run_OfAFileThatIsGone_EnrichesNothingAndDoesNotThrow()
    {
        using var temp = new TempDirectory();

        var enriched = ChainWarmUp.Run(temp.File("gone.csv"), InputFormat.Csv, ProviderFactory.OfflineChain(["normalize"])!);

        Assert.That(enriched, Is.Zero);
    }

    [Test]
    public void Start_OfAWorkbook_StartsNothing()
    {
        Assert.That(ChainWarmUp.Start("list.xlsx", null), Is.Null);
    }
}
