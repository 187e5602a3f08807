using System.Text.RegularExpressions;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhonePatternTests
{
    [Test]
    public void LargePattern_AnswersAsItsRegex()
    {
        // The United States' fixed-line pattern: a long alternation of area codes, every first digit tried.
        var text = PhoneNumberUtil.GetInstance().GetMetadataForRegion("US").FixedLine.NationalNumberPattern;
        var pattern = PhonePattern.Whole(text);
        var regex = new Regex("^(?:" + text + ")$", RegexOptions.CultureInvariant);
        var numbers = Enumerable.Range(0, 1000).Select(area => $"{area:000}2530000").Append("650253000").Append("65025300001").ToArray();

        Assert.That(numbers.Select(pattern.IsMatch), Is.EqualTo(numbers.Select(n => regex.IsMatch(n))));
        Assert.That(numbers.Select(pattern.IsMatch), Does.Contain(true).And.Contain(false));
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
