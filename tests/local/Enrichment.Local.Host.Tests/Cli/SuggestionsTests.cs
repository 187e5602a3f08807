using Enrichment.Local.Host.Cli;

namespace Enrichment.Local.Host.Tests.Cli;

public sealed class SuggestionsTests
{
    private static readonly string[] Options = ["--out", "--workers", "--data-dir", "--batch-size", "--providers", "--provider-dir"];

    [TestCase("--wokers", "--workers")]
    [TestCase("--outt", "--out")]
    [TestCase("--datadir", "--data-dir")]
    [TestCase("--PROVIDERS", "--providers")]
    [TestCase("--batchsize", "--batch-size")]
    public void Closest_FindsTheNameThatWasMeant(string typed, string expected) =>
        Assert.That(Suggestions.Closest(typed, Options), Is.EqualTo(expected));

    [TestCase("--colour")]
    [TestCase("--x")]
    [TestCase("--everything-else")]
    public void Closest_OfANameFarFromAll_SuggestsNothing(string typed) =>
        Assert.That(Suggestions.Closest(typed, Options), Is.Null);
}
