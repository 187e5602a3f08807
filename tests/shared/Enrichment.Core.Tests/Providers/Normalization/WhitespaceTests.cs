using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class WhitespaceTests
{
    [TestCase("a b", "a b")]
    [TestCase("  a  ", "a")]
    [TestCase("a \t\n b", "a b")]
    [TestCase("a\u00A0b", "a b")]
    [TestCase(" \t ", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void Collapse_TrimsAndCollapses(string? input, string? expected) =>
        Assert.That(Whitespace.Collapse(input), Is.EqualTo(expected));

    [Test]
    public void Collapse_ReturnsSameInstanceWhenClean()
    {
        var clean = "already clean";

        Assert.That(Whitespace.Collapse(clean), Is.SameAs(clean));
    }
}
