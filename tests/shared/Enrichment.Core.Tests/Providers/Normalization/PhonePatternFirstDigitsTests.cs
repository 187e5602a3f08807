using System.Text.RegularExpressions;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhonePatternFirstDigitsTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [TestCase("12|34", "13")]
    [TestCase("(?:1)?2", "12")]
    [TestCase("1{0,2}3", "13")]
    [TestCase("(?:1|2?)3\\d", "123")]
    [TestCase("[13-5]\\d{4}", "1345")]
    [TestCase("(?:[2-4]|5)?(?:6|7)", "234567")]
    [TestCase("\\d{2}", "0123456789")]
    [TestCase("[\\d]5", "0123456789")]
    public void KnownGrammar_GivesTheDigitsAMatchCanStartWith(string pattern, string digits)
    {
        Assert.That(Digits(PhonePatternFirstDigits.Of(pattern)), Is.EqualTo(digits));
    }

    [TestCase("1?")]
    [TestCase("(?:1|)")]
    [TestCase("1*")]
    [TestCase("(?=1)2")]
    [TestCase("[^1]2")]
    [TestCase("a1")]
    [TestCase("1.")]
    [TestCase("(1")]
    [TestCase("1)")]
    [TestCase("1{,2}")]
    [TestCase("")]
    public void EmptyMatchesOrUnknownGrammar_FilterNothing(string pattern)
    {
        Assert.That(PhonePatternFirstDigits.Of(pattern), Is.EqualTo(PhonePatternFirstDigits.AllDigits));
    }

    [Test]
    public void EveryMetadataPattern_NeverExcludesADigitItsRegexAccepts()
    {
        // Against the regex itself: every type pattern (and leading digits) of every region, tried on the region's
        // example numbers with their first digit replaced by each digit the set leaves out (and
        // prefixed by it), must not match; and most patterns must get a filter at all.
        var patterns = 0;
        var filtered = 0;
        var refused = 0;
        var wrong = new List<string>();
        foreach (var metadata in AllMetadata())
        {
            var descs = Descriptions(metadata).Where(d => d.HasNationalNumberPattern).ToList();
            var examples = descs.Where(d => d.HasExampleNumber).Select(d => d.ExampleNumber).Distinct().ToList();
            // The type patterns match whole numbers; a region's leading digits, the start of one.
            var anchored = descs.Select(d => d.NationalNumberPattern).Distinct().Select(p => (p, "^(?:" + p + ")$"))
                .Concat(metadata.HasLeadingDigits ? [(metadata.LeadingDigits, "^(?:" + metadata.LeadingDigits + ")")] : []);
            foreach (var (text, anchor) in anchored)
            {
                patterns++;
                var first = PhonePatternFirstDigits.Of(text);
                filtered += first == PhonePatternFirstDigits.AllDigits ? 0 : 1;
                var regex = new Regex(anchor, RegexOptions.CultureInvariant);
                foreach (var digit in Enumerable.Range(0, 10).Where(d => (first & (1 << d)) == 0))
                {
                    foreach (var example in examples)
                    {
                        foreach (var candidate in new[] { (char)('0' + digit) + example[1..], (char)('0' + digit) + example })
                        {
                            refused++;
                            if (regex.IsMatch(candidate) && wrong.Count < 10)
                            {
                                wrong.Add($"{metadata.Id}: {text} matches {candidate}");
                            }
                        }
                    }
                }
            }
        }

        Assert.That(wrong, Is.Empty);
        Assert.That(refused, Is.GreaterThan(10_000));
        Assert.That(filtered, Is.GreaterThan(patterns * 3 / 4), $"{filtered} of {patterns}");
    }

    [Test]
    public void FilteredPattern_AnswersAsItsRegex()
    {
        var pattern = PhonePattern.Whole("(?:2[1-3]|7)\\d{3}");
        foreach (var number in new[] { "21000", "7000", "11000", "81000", "24000", "", "٢1000" })
        {
            Assert.That(pattern.IsMatch(number), Is.EqualTo(Regex.IsMatch(number, "^(?:(?:2[1-3]|7)\\d{3})$", RegexOptions.CultureInvariant)), number);
        }
    }

    private static string Digits(int mask) =>
        string.Concat(Enumerable.Range(0, 10).Where(d => (mask & (1 << d)) != 0).Select(d => (char)('0' + d)));

    private static IEnumerable<PhoneMetadata> AllMetadata() =>
        Util.GetSupportedRegions().Order(StringComparer.Ordinal).Select(Util.GetMetadataForRegion)
            .Concat(Util.GetSupportedGlobalNetworkCallingCodes().Order().Select(Util.GetMetadataForNonGeographicalRegion));

    private static IEnumerable<PhoneNumberDesc> Descriptions(PhoneMetadata m) =>
    [
        m.GeneralDesc, m.FixedLine, m.Mobile, m.TollFree, m.PremiumRate, m.SharedCost, m.PersonalNumber,
        m.Voip, m.Pager, m.Uan, m.Voicemail,
    ];
}
