using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhoneDetailsTests
{
    [Test]
    public void ValidNumber_GetsCarrierPlaceAndTimeZone()
    {
        var mobile = PhoneNormalizer.Check("+49 151 12345678", null);
        var landline = PhoneNormalizer.Check("+1 650 253 0000", null);

        Assert.That((mobile.Carrier, mobile.Place, mobile.TimeZone), Is.EqualTo(("T-Mobile", "Germany", "Europe/Berlin")));
        Assert.That((landline.Carrier, landline.Place, landline.TimeZone), Is.EqualTo(((string?)null, "Mountain View, CA", "America/Los_Angeles")));
    }

    [Test]
    public void NumberSpanningManyZones_GetsNoTimeZone()
    {
        var tollFree = PhoneNormalizer.Check("+1 800 555 0100", null);

        Assert.That(tollFree.Valid, Is.True);
        Assert.That(tollFree.TimeZone, Is.Null);
    }

    [Test]
    public void InvalidNumber_GetsNoDetails()
    {
        var invalid = PhoneNormalizer.Check("+44 7700 900123", null);

        Assert.That((invalid.Carrier, invalid.Place, invalid.TimeZone), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
    }
}
