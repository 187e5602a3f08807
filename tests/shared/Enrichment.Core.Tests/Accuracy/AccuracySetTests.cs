using Enrichment.Core.Data;
using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Company;
using Enrichment.Core.Providers.Email;
using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Accuracy;

/// <summary>
/// The accuracy set of issue 14: every case of accuracy-cases.tsv against the code that fills its
/// column, one test per case so a report names each miss.
/// </summary>
public sealed class AccuracySetTests
{
    private static readonly string[] Areas = ["typo", "canonical", "psl", "legal", "name", "nickname", "phone", "email"];

    private static IEnumerable<TestCaseData> Cases() =>
        AccuracyCase.Load().Select(c => new TestCaseData(c).SetName($"Accuracy_{c.Area}_line{c.Line}"));

    [Test]
    public void Set_HasAtLeast300CasesAcrossEveryArea()
    {
        var cases = AccuracyCase.Load().ToList();
        var phoneCountries = cases.Where(c => c.Area == "phone" && c.Expected.StartsWith('+'))
            .Select(c => PhoneNormalizer.Check(c.Input, NullIfEmpty(c.Context)).Region)
            .Distinct()
            .Count();

        Assert.That(cases, Has.Count.GreaterThanOrEqualTo(300));
        Assert.That(cases.Select(c => c.Area).Distinct(), Is.EquivalentTo(Areas));
        Assert.That(phoneCountries, Is.GreaterThanOrEqualTo(12));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Case_GivesTheKnownAnswer(AccuracyCase testCase)
    {
        var actual = testCase.Area switch
        {
            "typo" => DomainSuggester.Suggest(testCase.Input),
            "canonical" => EmailCanonical.Of(testCase.Input, testCase.Input.IndexOf('@', StringComparison.Ordinal)),
            "psl" => PublicSuffixList.RegistrableDomain(testCase.Input),
            "legal" => CompanyNames.Normalize(testCase.Input),
            "name" => Name(testCase.Input),
            "nickname" => Nicknames.FormalOf(NameNormalizer.CaseName(testCase.Input, isFirstName: true)),
            "phone" => Phone(testCase.Input, NullIfEmpty(testCase.Context)),
            "email" => await EmailAsync(testCase.Input),
            _ => throw new InvalidDataException($"unknown area '{testCase.Area}'"),
        };

        Assert.That(actual ?? string.Empty, Is.EqualTo(testCase.Expected), testCase.ToString());
    }

    private static string Name(string full)
    {
        var name = NameNormalizer.Normalize(null, null, full);
        return Join(name.First, name.Last, name.Prefix, name.Suffix);
    }

    private static string Phone(string raw, string? region)
    {
        var phone = PhoneNormalizer.Check(raw, region);
        return Join(phone.E164, phone.Type, phone.Carrier, phone.Place, phone.TimeZone);
    }

    private static async Task<string> EmailAsync(string email)
    {
        var record = new ContactRecord(1, new ContactFields { Email = email });
        await new NormalizeProvider().EnrichAsync([record], CancellationToken.None);
        await new EmailProvider().EnrichAsync([record], CancellationToken.None);
        return Join(
            record.Get(OutputColumns.EmailKind),
            record.Get(OutputColumns.EmailStatus),
            record.Get(OutputColumns.EmailReason),
            record.Get(OutputColumns.EmailSuggestion));
    }

    private static string Join(params string?[] fields) => string.Join(AccuracyCase.FieldSeparator, fields.Select(f => f ?? string.Empty));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
