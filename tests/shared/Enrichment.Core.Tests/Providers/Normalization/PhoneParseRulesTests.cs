using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhoneParseRulesTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Test]
    public void TestLength_AnswersAsTheLibrarysLengthCheck_ForEveryCallingCodeAndLength()
    {
        var mismatches = new List<string>();
        foreach (var code in Util.GetSupportedCallingCodes().Order())
        {
            var region = Util.GetRegionCodeForCountryCode(code);
            var metadata = region == "001" ? Util.GetMetadataForNonGeographicalRegion(code) : Util.GetMetadataForRegion(region);
            var rules = new PhoneParseRules(metadata);
            for (var length = 1; length <= 19; length++)
            {
                // IsPossibleNumberWithReason is TestNumberLength(national length, metadata, UNKNOWN).
                var number = new PhoneNumber.Builder().SetCountryCode(code).SetNationalNumber(ulong.Parse("1" + new string('0', length - 1), System.Globalization.CultureInfo.InvariantCulture)).Build();
                var expected = Util.IsPossibleNumberWithReason(number);
                if (rules.TestLength(length) != expected)
                {
                    mismatches.Add($"+{code} length {length}: library {expected}, rules {rules.TestLength(length)}");
                }
            }
        }

        Assert.That(mismatches, Is.Empty);
    }
}
