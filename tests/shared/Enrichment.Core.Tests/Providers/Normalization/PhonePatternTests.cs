using System.Text.RegularExpressions;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

/// <summary>
/// PhonePattern answers what the library's Regex answers; the regex is the authority, so these
/// compare the two over every metadata pattern of every region and non-geographic entity.
/// </summary>
public sealed class PhonePatternTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Test]
    public void LargePattern_AnswersAsItsRegex()
    {
        // The United States' fixed-line pattern: a long alternation of area codes, every first digit tried.
        var text = Util.GetMetadataForRegion("US").FixedLine.NationalNumberPattern;
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

    [Test]
    public void EveryMetadataPattern_IsReadIntoADfa()
    {
        var outside = AllPatterns().Select(p => p.Text).Distinct().Where(text => !PhonePattern.Whole(text).HasDfa).ToList();

        Assert.That(outside, Is.Empty);
    }

    [Test]
    public void EveryMetadataPattern_AnswersAsItsRegex_OnExamplesVariantsAndRandomDigits()
    {
        var random = new Random(13);
        var compared = 0;
        var matched = 0;
        var mismatches = new List<string>();
        foreach (var metadata in AllMetadata())
        {
            var inputs = Inputs(metadata, random).Distinct().ToList();
            foreach (var (text, whole) in PatternsOf(metadata).Distinct())
            {
                var pattern = whole ? PhonePattern.Whole(text) : PhonePattern.Start(text);
                var regex = new Regex(whole ? "^(?:" + text + ")$" : "^(?:" + text + ")", RegexOptions.CultureInvariant);
                foreach (var number in inputs)
                {
                    var expected = regex.IsMatch(number);
                    compared++;
                    matched += expected ? 1 : 0;
                    if (pattern.IsMatch(number) != expected && mismatches.Count < 20)
                    {
                        mismatches.Add($"{metadata.Id} {(whole ? "whole" : "start")} /{text}/ on {number}: regex says {expected}");
                    }
                }
            }
        }

        Assert.That(mismatches, Is.Empty);
        Assert.That(compared, Is.GreaterThan(1_000_000));
        Assert.That(matched, Is.GreaterThan(compared / 100));
    }

    [Test]
    public void NumbersOtherThanAsciiDigits_AnswerAsTheRegex()
    {
        // \d takes any Unicode digit and $ a final newline: such numbers go to the regex.
        var pattern = PhonePattern.Whole("\\d{3}");
        var start = PhonePattern.Start("12");

        Assert.That(pattern.IsMatch("1\u06612"), Is.True);
        Assert.That(pattern.IsMatch("123\n"), Is.True);
        Assert.That(pattern.IsMatch("12a"), Is.False);
        Assert.That(start.IsMatch("12\u0661"), Is.True);
        Assert.That(pattern.IsMatch(""), Is.False);
    }

    [TestCase("1(?=2)")]
    [TestCase("\\w{3}")]
    [TestCase("1{2")]
    [TestCase("(1)\\1")]
    [TestCase("[^1]")]
    public void PatternOutsideTheGrammar_FallsBackToTheRegex(string text)
    {
        var pattern = PhonePattern.Whole(text);
        var regex = new Regex("^(?:" + text + ")$", RegexOptions.CultureInvariant);

        Assert.That(pattern.HasDfa, Is.False);
        foreach (var number in new[] { "1", "12", "11", "1{2", "abc", "2" })
        {
            Assert.That(pattern.IsMatch(number), Is.EqualTo(regex.IsMatch(number)), number);
        }
    }

    [Test]
    public void PatternDotNetRefuses_ThrowsWhenMade()
    {
        // As before the DFA: a nested quantifier is refused by the DFA's reader and the regex throws.
        Assert.That(() => PhonePattern.Whole("1**"), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => PhonePattern.Whole("1{3,2}"), Throws.InstanceOf<ArgumentException>());
    }

    [TestCase("1*", "", true)]
    [TestCase("1*", "111", true)]
    [TestCase("(?:1?)*2", "2", true)]
    [TestCase("(?:12|1)+3", "1121213", true)]
    [TestCase("(?:12|1)+3", "1223", false)]
    [TestCase("\\d{2,}", "1", false)]
    [TestCase("\\d{2,}", "123456", true)]
    [TestCase("[1-3\\d]{0,2}?9", "339", true)]
    [TestCase("()", "", true)]
    [TestCase("1|", "", true)]
    public void Quantifiers_AnswerAsTheRegex(string text, string number, bool expected)
    {
        var regex = new Regex("^(?:" + text + ")$", RegexOptions.CultureInvariant);

        Assert.That(regex.IsMatch(number), Is.EqualTo(expected));
        Assert.That(PhonePattern.Whole(text).HasDfa, Is.True);
        Assert.That(PhonePattern.Whole(text).IsMatch(number), Is.EqualTo(expected));
    }

    /// <summary>
    /// The region's example numbers, each with a digit dropped (either end), one added, each digit
    /// changed to each other digit, and random digit strings of 1 to 17 digits.
    /// </summary>
    private static IEnumerable<string> Inputs(PhoneMetadata metadata, Random random)
    {
        yield return "";
        foreach (var example in Descriptions(metadata).Where(d => d.HasExampleNumber).Select(d => d.ExampleNumber).Distinct())
        {
            yield return example;
            yield return example[..^1];
            yield return example[1..];
            for (var digit = '0'; digit <= '9'; digit++)
            {
                yield return example + digit;
                for (var i = 0; i < example.Length; i++)
                {
                    yield return string.Concat(example.AsSpan(0, i), new string(digit, 1), example.AsSpan(i + 1));
                }
            }
        }

        for (var i = 0; i < 300; i++)
        {
            var digits = new char[random.Next(1, 18)];
            for (var j = 0; j < digits.Length; j++)
            {
                digits[j] = (char)('0' + random.Next(10));
            }

            yield return new string(digits);
        }
    }

    /// <summary>Every type pattern (matched whole), the leading digits and the formats' leading-digits patterns (matched at the start).</summary>
    private static IEnumerable<(string Text, bool Whole)> PatternsOf(PhoneMetadata metadata)
    {
        foreach (var desc in Descriptions(metadata).Where(d => d.HasNationalNumberPattern))
        {
            yield return (desc.NationalNumberPattern, true);
        }

        if (metadata.HasLeadingDigits)
        {
            yield return (metadata.LeadingDigits, false);
        }

        foreach (var format in metadata.NumberFormatList.Concat(metadata.IntlNumberFormatList))
        {
            yield return (format.Pattern, true);
            foreach (var leading in format.LeadingDigitsPatternList)
            {
                yield return (leading, false);
            }
        }
    }

    private static IEnumerable<(string Text, bool Whole)> AllPatterns() => AllMetadata().SelectMany(PatternsOf);

    private static IEnumerable<PhoneMetadata> AllMetadata() =>
        Util.GetSupportedRegions().Order(StringComparer.Ordinal).Select(Util.GetMetadataForRegion)
            .Concat(Util.GetSupportedGlobalNetworkCallingCodes().Order().Select(Util.GetMetadataForNonGeographicalRegion));

    private static IEnumerable<PhoneNumberDesc> Descriptions(PhoneMetadata m) =>
    [
        m.GeneralDesc, m.FixedLine, m.Mobile, m.TollFree, m.PremiumRate, m.SharedCost, m.PersonalNumber,
        m.Voip, m.Pager, m.Uan, m.Voicemail, m.NoInternationalDialling,
    ];
}
