using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;

namespace Enrichment.Core.Tests.Providers;

public sealed class NormalizeProviderTests
{
    private static async Task<ContactRecord> RunAsync(ContactFields fields, NormalizeProvider? provider = null)
    {
        var record = new ContactRecord(1, fields);
        await (provider ?? new NormalizeProvider()).EnrichAsync([record], CancellationToken.None);
        return record;
    }

    [Test]
    public async Task FullNameAndPhone_GetPrefixSuffixFormalNameAndPhoneDetails()
    {
        var record = await RunAsync(new ContactFields { FullName = "DR. BOB SMITH JR.", Phone = "+49 151 12345678" });

        Assert.That(record.Get(OutputColumns.FirstName), Is.EqualTo("Bob"));
        Assert.That(record.Get(OutputColumns.LastName), Is.EqualTo("Smith"));
        Assert.That(record.Get(OutputColumns.NamePrefix), Is.EqualTo("Dr."));
        Assert.That(record.Get(OutputColumns.NameSuffix), Is.EqualTo("Jr."));
        Assert.That(record.Get(OutputColumns.FirstNameFormal), Is.EqualTo("Robert"));
        Assert.That(record.Get(OutputColumns.PhoneCarrier), Is.EqualTo("T-Mobile"));
        Assert.That(record.Get(OutputColumns.PhoneRegion), Is.EqualTo("Germany"));
        Assert.That(record.Get(OutputColumns.PhoneTimezone), Is.EqualTo("Europe/Berlin"));
    }

    [Test]
    public void ExtraColumns_AreNameAndPhoneDetailsAndThePhoneDuplicate()
    {
        Assert.That(new NormalizeProvider().ExtraColumns, Is.EqualTo(new[]
        {
            "name_prefix", "name_suffix", "first_name_formal", "phone_carrier", "phone_region", "phone_timezone", "duplicate_phone_of",
        }));
    }

    [Test]
    public async Task CompleteRecord_IsNormalizedIntoOutputColumns()
    {
        var record = await RunAsync(new ContactFields
        {
            FirstName = "  JOHN ",
            LastName = "o'brien",
            Email = " John.OBrien@Example.COM ",
            Phone = "020 7946 0018",
            Country = "United Kingdom",
        });

        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RecordStatus.Ok));
            Assert.That(record.Errors, Is.Empty);
            Assert.That(record.Get(OutputColumns.FirstName), Is.EqualTo("John"));
            Assert.That(record.Get(OutputColumns.LastName), Is.EqualTo("O'Brien"));
            Assert.That(record.Get(OutputColumns.EmailNormalized), Is.EqualTo("john.obrien@example.com"));
            Assert.That(record.Get(OutputColumns.EmailValid), Is.EqualTo("true"));
            Assert.That(record.Get(OutputColumns.CountryCode), Is.EqualTo("GB"));
            Assert.That(record.Get(OutputColumns.PhoneE164), Is.EqualTo("+442079460018"));
            Assert.That(record.Get(OutputColumns.PhoneCountry), Is.EqualTo("GB"));
            Assert.That(record.Get(OutputColumns.PhoneType), Is.EqualTo("fixed_line"));
        });
    }

    [Test]
    public async Task InvalidEmail_MarksRecordInvalidWithReason()
    {
        var record = await RunAsync(new ContactFields { Email = "john@example.con" });

        Assert.That(record.Status, Is.EqualTo(RecordStatus.Invalid));
        Assert.That(record.Errors, Is.EqualTo(new[] { "email_invalid: unknown top-level domain" }));
        Assert.That(record.Get(OutputColumns.EmailValid), Is.EqualTo("false"));
        Assert.That(record.Get(OutputColumns.EmailNormalized), Is.EqualTo("john@example.con"));
    }

    [Test]
    public async Task InvalidPhone_MarksRecordInvalidAndLeavesPhoneColumnsEmpty()
    {
        var record = await RunAsync(new ContactFields { Email = "a@example.com", Phone = "12345", Country = "US" });

        Assert.That(record.Status, Is.EqualTo(RecordStatus.Invalid));
        Assert.That(record.Errors, Is.EqualTo(new[] { "phone_invalid: too short" }));
        Assert.That(record.Get(OutputColumns.PhoneE164), Is.Null);
    }

    [Test]
    public async Task NationalPhone_UsesTheRecordCountryAsDefaultRegion()
    {
        var record = await RunAsync(new ContactFields { Phone = "06 12 34 56 78", Country = "France" });

        Assert.That(record.Get(OutputColumns.PhoneE164), Is.EqualTo("+33612345678"));
        Assert.That(record.Get(OutputColumns.PhoneType), Is.EqualTo("mobile"));
        Assert.That(record.Status, Is.EqualTo(RecordStatus.Ok));
    }

    [Test]
    public async Task NationalPhone_WithoutCountry_UsesTheConfiguredDefaultRegion()
    {
        var record = await RunAsync(new ContactFields { Phone = "(650) 253-0000" }, new NormalizeProvider("US"));

        Assert.That(record.Get(OutputColumns.PhoneE164), Is.EqualTo("+16502530000"));
    }

    [Test]
    public async Task NationalPhone_WithoutAnyCountry_IsInvalid()
    {
        var record = await RunAsync(new ContactFields { Phone = "(650) 253-0000" });

        Assert.That(record.Errors, Is.EqualTo(new[] { "phone_invalid: no country calling code and no country to assume" }));
    }

    [Test]
    public async Task NoEmailAndNoPhone_IsMissingContact()
    {
        var record = await RunAsync(new ContactFields { FirstName = "Ann", Email = "  ", Phone = "" });

        Assert.That(record.Status, Is.EqualTo(RecordStatus.Invalid));
        Assert.That(record.Errors, Is.EqualTo(new[] { "missing_contact: no email and no phone" }));
        Assert.That(record.Get(OutputColumns.EmailValid), Is.Null);
    }

    [Test]
    public async Task InvalidEmailAndInvalidPhone_ReportsBothInOrder()
    {
        var record = await RunAsync(new ContactFields { Email = "nope", Phone = "abc", Country = "DE" });

        Assert.That(record.Errors, Is.EqualTo(new[] { "email_invalid: missing @", "phone_invalid: not a phone number" }));
    }

    [Test]
    public async Task UnknownCountry_IsNotAnError()
    {
        var record = await RunAsync(new ContactFields { Email = "a@example.com", Country = "Atlantis" });

        Assert.That(record.Status, Is.EqualTo(RecordStatus.Ok));
        Assert.That(record.Get(OutputColumns.CountryCode), Is.Null);
    }

    [Test]
    public async Task FullNameOnly_IsSplit()
    {
        var record = await RunAsync(new ContactFields { FullName = "JAN VAN DER BERG", Email = "jan@example.nl" });

        Assert.That(record.Get(OutputColumns.FirstName), Is.EqualTo("Jan"));
        Assert.That(record.Get(OutputColumns.LastName), Is.EqualTo("van der Berg"));
    }

    [Test]
    public async Task EveryRecordOfTheBatch_IsNormalized()
    {
        var records = Enumerable.Range(1, 50)
            .Select(i => new ContactRecord(i, new ContactFields { Email = $"USER{i}@EXAMPLE.COM" }))
            .ToList();

        await new NormalizeProvider().EnrichAsync(records, CancellationToken.None);

        Assert.That(records.Select(r => r.Get(OutputColumns.EmailNormalized)), Is.EqualTo(Enumerable.Range(1, 50).Select(i => $"user{i}@example.com")));
    }

    [Test]
    public void CancelledToken_Throws()
    {
        var records = new[] { new ContactRecord(1, new ContactFields { Email = "a@example.com" }) };
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAsync<OperationCanceledException>(async () => await new NormalizeProvider().EnrichAsync(records, cancelled.Token));
    }

    [Test]
    public async Task ParallelBatches_GiveTheSameResultsAsSequentialOnes()
    {
        static List<ContactRecord> Batch(int seed) => Enumerable.Range(0, 200).Select(i => new ContactRecord(i, new ContactFields
        {
            FullName = (i + seed) % 2 == 0 ? "JAN VAN DER BERG" : "mary-jane o'brien",
            Email = $"User{i}.{seed}@Example.COM",
            Phone = (i % 3) switch { 0 => "020 7946 0018", 1 => "+1 650 253 0000", _ => "12" },
            Country = (i % 3) switch { 0 => "UK", 1 => "usa", _ => "Germany" },
        })).ToList();

        static string Render(IEnumerable<ContactRecord> records) =>
            string.Join('\n', records.Select(r => string.Join('|', EnrichmentValues.ToArray(r, OutputColumns.Standard))));

        var provider = new NormalizeProvider();
        var sequential = Enumerable.Range(0, 8).Select(Batch).ToList();
        foreach (var batch in sequential)
        {
            await provider.EnrichAsync(batch, CancellationToken.None);
        }

        var parallel = Enumerable.Range(0, 8).Select(Batch).ToList();
        await Task.WhenAll(parallel.Select(batch => Task.Run(async () => await provider.EnrichAsync(batch, CancellationToken.None))));

        Assert.That(parallel.Select(Render), Is.EqualTo(sequential.Select(Render)));
    }
}
