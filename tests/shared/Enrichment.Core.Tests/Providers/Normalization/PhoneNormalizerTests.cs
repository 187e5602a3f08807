using System.Globalization;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhoneNormalizerTests
{
    [TestCase("(650) 253-0000", "US", "+16502530000", "US", "fixed_line_or_mobile")]
    [TestCase("650.253.0000", "US", "+16502530000", "US", "fixed_line_or_mobile")]
    [TestCase("1-800-253-0000", "US", "+18002530000", "US", "toll_free")]
    [TestCase("+1 650 253 0000", null, "+16502530000", "US", "fixed_line_or_mobile")]
    [TestCase("(416) 555-0199", "CA", "+14165550199", "CA", "fixed_line_or_mobile")]
    [TestCase("07400 123456", "GB", "+447400123456", "GB", "mobile")]
    [TestCase("020 7946 0018", "GB", "+442079460018", "GB", "fixed_line")]
    [TestCase("+44 20 7946 0018", "US", "+442079460018", "GB", "fixed_line")]
    [TestCase("0800 123 4567", "GB", "+448001234567", "GB", "toll_free")]
    [TestCase("0151 23456789", "DE", "+4915123456789", "DE", "mobile")]
    [TestCase("030 123456", "DE", "+4930123456", "DE", "fixed_line")]
    [TestCase("+49 (0)30 123456", null, "+4930123456", "DE", "fixed_line")]
    [TestCase("06 12 34 56 78", "FR", "+33612345678", "FR", "mobile")]
    [TestCase("01 23 45 67 89", "FR", "+33123456789", "FR", "fixed_line")]
    [TestCase("0033 1 23 45 67 89", "FR", "+33123456789", "FR", "fixed_line")]
    [TestCase("98765 43210", "IN", "+919876543210", "IN", "mobile")]
    [TestCase("011 2345 6789", "IN", "+911123456789", "IN", "fixed_line")]
    [TestCase("(11) 96123-4567", "BR", "+5511961234567", "BR", "mobile")]
    [TestCase("(11) 2345-6789", "BR", "+551123456789", "BR", "fixed_line")]
    [TestCase("090-1234-5678", "JP", "+819012345678", "JP", "mobile")]
    [TestCase("03-1234-5678", "JP", "+81312345678", "JP", "fixed_line")]
    [TestCase("0412 345 678", "AU", "+61412345678", "AU", "mobile")]
    [TestCase("02 9876 5432", "AU", "+61298765432", "AU", "fixed_line")]
    [TestCase("082 123 4567", "ZA", "+27821234567", "ZA", "mobile")]
    [TestCase("021 123 4567", "ZA", "+27211234567", "ZA", "fixed_line")]
    [TestCase("+34 612 34 56 78", null, "+34612345678", "ES", "mobile")]
    [TestCase("+800 1234 5678", null, "+80012345678", null, "toll_free")]
    public void ValidNumber_IsFormattedWithRegionAndType(string raw, string? region, string e164, string? country, string type)
    {
        var check = PhoneNormalizer.Check(raw, region);

        // Carrier, place and time zone have their own tests (PhoneDetailsTests, the accuracy set).
        Assert.That(check with { Carrier = null, Place = null, TimeZone = null }, Is.EqualTo(new PhoneCheck(true, e164, country, type, null)));
    }

    [TestCase("12345", "US", "too short")]
    [TestCase("abc", "US", "not a phone number")]
    [TestCase("not a number", null, "not a phone number")]
    [TestCase("020 7946 0018", null, "no country calling code and no country to assume")]
    [TestCase("+999 1234 5678", null, "unknown country calling code")]
    [TestCase("+1 123 456 7890", null, "not a valid number for its region")]
    [TestCase("000 000 0000", "US", "not a valid number for its region")]
    [TestCase("0412 345 678 999 999 999 9", "AU", "too long")]
    [TestCase("+44 20 1234", null, "not a valid number for its region")]
    [TestCase("030 1", "DE", "not a valid number for its region")]
    [TestCase("1234567890123456789012", "JP", "too long")]
    public void InvalidNumber_IsRejectedWithReason(string raw, string? region, string reason)
    {
        var check = PhoneNormalizer.Check(raw, region);

        Assert.That(check.Valid, Is.False);
        Assert.That(check.Reason, Is.EqualTo(reason));
        Assert.That(check.E164, Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void MissingNumber_IsAbsent(string? raw) =>
        Assert.That(PhoneNormalizer.Check(raw, "US"), Is.EqualTo(PhoneCheck.Absent));

    [Test]
    public void E164_IsWhatTheLibraryFormats_ForEveryRegionsExampleNumbersAndVariants()
    {
        var util = PhoneNumberUtil.GetInstance();
        var compared = 0;
        var mismatches = new List<string>();
        var metadata = util.GetSupportedRegions().Select(util.GetMetadataForRegion)
            .Concat(util.GetSupportedGlobalNetworkCallingCodes().Select(util.GetMetadataForNonGeographicalRegion));
        foreach (var m in metadata)
        {
            PhoneNumberDesc[] descriptions = [m.FixedLine, m.Mobile, m.TollFree, m.PremiumRate, m.SharedCost, m.PersonalNumber, m.Voip, m.Pager, m.Uan, m.Voicemail];
            foreach (var example in descriptions.Where(d => d.HasExampleNumber).Select(d => d.ExampleNumber).Distinct())
            {
                // The example, with a leading zero (Italy's numbers keep theirs), and written nationally in its region.
                string[] inputs = ["+" + m.CountryCode.ToString(CultureInfo.InvariantCulture) + example, "+" + m.CountryCode.ToString(CultureInfo.InvariantCulture) + "0" + example, m.NationalPrefix + example];
                foreach (var input in inputs)
                {
                    PhoneNumber number;
                    try
                    {
                        number = util.Parse(input, m.Id == "001" ? "ZZ" : m.Id);
                    }
                    catch (NumberParseException)
                    {
                        continue;
                    }

                    compared++;
                    var expected = util.Format(number, PhoneNumberFormat.E164);
                    if (PhoneNormalizer.E164(number, util.GetNationalSignificantNumber(number)) != expected && mismatches.Count < 20)
                    {
                        mismatches.Add(expected);
                    }
                }
            }
        }

        Assert.That(mismatches, Is.Empty);
        Assert.That(compared, Is.GreaterThan(3_000));
    }
}
