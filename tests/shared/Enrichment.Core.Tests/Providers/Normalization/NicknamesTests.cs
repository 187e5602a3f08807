using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class NicknamesTests
{
    [TestCase("Bob", "Robert")]
    [TestCase("Rob", "Robert")]
    [TestCase("Bobby", "Robert")]
    [TestCase("BOB", "Robert")]
    [TestCase("Bob Lee", "Robert Lee")]
    [TestCase("Robert", "Robert")]
    [TestCase("Alex", "Alex")]
    [TestCase("Ted", "Ted")]
    [TestCase("Zoë", "Zoë")]
    [TestCase(null, null)]
    public void FormalOf_MapsUnambiguousNicknamesOnly(string? first, string? expected)
    {
        Assert.That(Nicknames.FormalOf(first), Is.EqualTo(expected));
    }
}
