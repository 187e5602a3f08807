using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhonePatternTests
{
    [Test]
    public void HotPattern_IsCompiledAndMatchesAsBefore()
    {
        // The United States' fixed-line pattern: a long alternation of area codes.
        var text = PhoneNumberUtil.GetInstance().GetMetadataForRegion("US").FixedLine.NationalNumberPattern;
        var pattern = PhonePattern.Whole(text);
        var numbers = Enumerable.Range(200, 800).Select(area => $"{area}2530000").Append("650253000").Append("65025300001").ToArray();
        var interpreted = numbers.Select(pattern.IsMatch).ToArray();

        for (var i = 0; i < PhonePattern.PromoteAfter && !pattern.IsCompiled; i++)
        {
            pattern.IsMatch(numbers[i % numbers.Length]);
        }

        Assert.That(pattern.IsCompiled || PhonePattern.CompiledCount >= PhonePattern.MaxCompiled, Is.True);
        Assert.That(numbers.Select(pattern.IsMatch), Is.EqualTo(interpreted));
        Assert.That(interpreted, Does.Contain(true).And.Contain(false));
    }

    [Test]
    public void WholeAndStart_AnchorAsTheLibraryDoes()
    {
        Assert.That(PhonePattern.Whole("12|34").IsMatch("345"), Is.False);
        Assert.That(PhonePattern.Whole("12|34").IsMatch("34"), Is.True);
        Assert.That(PhonePattern.Start("12|34").IsMatch("345"), Is.True);
        Assert.That(PhonePattern.Start("12|34").IsMatch("534"), Is.False);
    }
}
