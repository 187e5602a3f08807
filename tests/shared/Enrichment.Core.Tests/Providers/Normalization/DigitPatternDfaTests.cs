using System.Globalization;
using System.Text.RegularExpressions;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class DigitPatternDfaTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [TestCase("00", "0012345", 2)]
    [TestCase("00", "0112345", -1)]
    [TestCase("0(?:0|1[19])", "01112", 3)]
    [TestCase("0|90", "9012", 2)]
    [TestCase("0?", "123", 0)]
    [TestCase("0?", "0123", DigitPatternDfa.Ambiguous)]
    [TestCase("1|12", "123", DigitPatternDfa.Ambiguous)]
    [TestCase("123", "12", -1)]
    public void PrefixMatchLength_IsTheOneMatchingPrefix(string pattern, string digits, int expected)
    {
        var dfa = DigitPatternDfa.TryBuild(pattern)!;

        Assert.That(dfa.PrefixMatchLength(digits), Is.EqualTo(expected));
    }

    [Test]
    public void PrefixMatchLength_AgreesWithTheRegex_ForEveryInternationalAndNationalPrefixOfTheMetadata()
    {
        var metadata = Util.GetSupportedRegions().Select(Util.GetMetadataForRegion)
            .Concat(Util.GetSupportedGlobalNetworkCallingCodes().Select(Util.GetMetadataForNonGeographicalRegion));
        var patterns = metadata
            .SelectMany(m => new[] { m.InternationalPrefix, m.NationalPrefixForParsing })
            .Where(p => !string.IsNullOrEmpty(p))
            .Distinct()
            .ToList();
        var random = new Random(7);
        var mismatches = new List<string>();
        var answered = 0;
        foreach (var pattern in patterns)
        {
            var dfa = DigitPatternDfa.TryBuild(pattern);
            if (dfa is null)
            {
                continue;
            }

            var regex = new Regex("^(?:" + pattern + ")", RegexOptions.CultureInvariant);
            for (var i = 0; i < 300; i++)
            {
                // Short strings of few distinct digits, so that prefixes of the pattern come up often.
                var digits = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => (char)('0' + (random.Next(3) == 0 ? random.Next(10) : random.Next(3)))));
                var length = dfa.PrefixMatchLength(digits);
                if (length == DigitPatternDfa.Ambiguous)
                {
                    continue;
                }

                answered++;
                var match = regex.Match(digits);
                var expected = match.Success ? match.Length : -1;
                if (expected != length)
                {
                    mismatches.Add(string.Create(CultureInfo.InvariantCulture, $"{pattern} on '{digits}': regex {expected}, dfa {length}"));
                }
            }
        }

        Assert.That(mismatches.Take(20), Is.Empty, $"{mismatches.Count} mismatches");
        Assert.That(answered, Is.GreaterThan(patterns.Count * 100));
    }
}
