using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;

namespace Enrichment.Core.Tests.Output;

public sealed class EnrichmentValuesTests
{
    [TestCase(RecordStatus.Ok, "ok")]
    [TestCase(RecordStatus.Invalid, "invalid")]
    [TestCase(RecordStatus.Error, "error")]
    public void Status_HasWireName(RecordStatus status, string expected) =>
        Assert.That(EnrichmentValues.StatusName(status), Is.EqualTo(expected));

    [Test]
    public void Values_FollowColumnOrder_WithErrorsJoined()
    {
        var record = new ContactRecord(7, new ContactFields());
        record.Set(OutputColumns.EmailNormalized, "a@b.com");
        record.Set("custom", "x");
        record.AddInvalid("email_invalid", "missing @");
        record.AddError("provider_failed", "http: TimeoutException");

        var values = EnrichmentValues.ToArray(record, [OutputColumns.RecordStatus, OutputColumns.RecordErrors, OutputColumns.EmailNormalized, "custom", OutputColumns.PhoneE164]);

        Assert.That(values, Is.EqualTo(new string?[] { "error", "email_invalid: missing @; provider_failed: http: TimeoutException", "a@b.com", "x", null }));
    }

    [Test]
    public void NoErrors_GivesNullErrors()
    {
        var record = new ContactRecord(1, new ContactFields());

        Assert.That(EnrichmentValues.ToArray(record, [OutputColumns.RecordStatus, OutputColumns.RecordErrors]), Is.EqualTo(new string?[] { "ok", null }));
    }

    [Test]
    public void EnrichmentValues_AreGuardedAgainstFormulas()
    {
        var record = new ContactRecord(1, new ContactFields { FirstName = "=HYPERLINK(\"evil\")" });
        record.Set(OutputColumns.FirstName, "=HYPERLINK(\"evil\")");
        record.Set(OutputColumns.PhoneE164, "+14155550100");

        var values = EnrichmentValues.ToArray(record, [OutputColumns.FirstName, OutputColumns.PhoneE164]);

        Assert.That(values, Is.EqualTo(new[] { "'=HYPERLINK(\"evil\")", "+14155550100" }));
        Assert.That(record.Input.FirstName, Is.EqualTo("=HYPERLINK(\"evil\")"), "the input stays unchanged");
    }

    [Test]
    public void Fill_WritesIntoASlice()
    {
        var record = new ContactRecord(1, new ContactFields());
        var row = new string?[4];
        row[0] = "input";

        EnrichmentValues.Fill(record, [OutputColumns.RecordStatus], row.AsSpan(1));

        Assert.That(row, Is.EqualTo(new[] { "input", "ok", null, null }));
    }

    [Test]
    public void Fill_RejectsShortDestination() =>
        Assert.Throws<ArgumentException>(() => EnrichmentValues.Fill(new ContactRecord(1, new ContactFields()), OutputColumns.Standard, new string?[3]));
}
