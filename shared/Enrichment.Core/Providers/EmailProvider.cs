using Enrichment.Core.Data;
using Enrichment.Core.Providers.Company;
using Enrichment.Core.Providers.Email;
using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Providers;

/// <summary>
/// Derives email_domain, email_kind (see <see cref="EmailClassifier"/> for the precedence), the
/// offline verdict (email_status, email_reason: <see cref="EmailVerdict.Offline"/>), a typo
/// suggestion (<see cref="DomainSuggester"/>), email_canonical (<see cref="EmailCanonical"/>),
/// company_domain (the registrable domain, by the Public Suffix List, of a business or role address
/// at a non-free domain that is no likely typo, else of the Website field's host) and
/// company_name_normalized (<see cref="CompanyNames"/>). Works after <see cref="NormalizeProvider"/>
/// or on its own (then it normalizes and validates the email itself, through the same
/// <see cref="EmailFields"/>).
/// </summary>
public sealed class EmailProvider : RecordProvider
{
    public const string ProviderName = "email";

    public override string Name => ProviderName;

    public override IReadOnlyList<string> ExtraColumns => OutputColumns.OfEmailProvider;

    protected override void Enrich(ContactRecord record)
    {
        var email = EmailFields.Resolve(record);
        string? domain = null;
        string? kind = null;
        string? company = null;
        string? suggestion = null;
        string? canonical = null;
        EmailVerdict? verdict = null;
        if (email.Valid == true)
        {
            var address = email.Normalized.AsSpan();
            var facts = EmailDomainFacts.Of(address[(email.At + 1)..]);
            domain = facts.Domain;
            kind = EmailClassifier.Classify(address[..email.At], facts);
            if (facts.Suggested is not null)
            {
                suggestion = string.Concat(address[..(email.At + 1)], facts.Suggested);
            }
            else if (kind is EmailKinds.Business or EmailKinds.Role && !facts.Free)
            {
                company = facts.Registrable;
            }

            verdict = EmailVerdict.Offline(kind, suggestion is not null, facts.Top);
            canonical = EmailCanonical.Of(email.Normalized!, email.At);
        }
        else if (email.Valid == false)
        {
            verdict = EmailVerdict.InvalidSyntax;
            suggestion = SuggestForInvalid(email.Normalized);
        }

        record.Set(OutputColumns.EmailDomain, domain);
        record.Set(OutputColumns.EmailKind, kind);
        record.Set(OutputColumns.EmailStatus, verdict?.Status);
        record.Set(OutputColumns.EmailReason, verdict?.Reason);
        record.Set(OutputColumns.EmailSuggestion, suggestion);
        record.Set(OutputColumns.EmailCanonical, canonical);
        record.Set(OutputColumns.CompanyDomain, company ?? PublicSuffixList.RegistrableDomain(WebsiteHost.From(record.Input.Website)));
        record.Set(OutputColumns.CompanyNameNormalized, CompanyNames.Normalize(record.Input.Company));
    }

    /// <summary>
    /// "ann@gmail.con" or "ann@gmailcom" is invalid, but its intended address is plain: suggested
    /// when replacing the domain by a close top domain gives a valid address.
    /// </summary>
    private static string? SuggestForInvalid(string? normalized)
    {
        var at = normalized?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (at <= 0 || normalized!.IndexOf('@', at + 1) >= 0)
        {
            return null;
        }

        var suggested = DomainSuggester.Suggest(normalized.AsSpan(at + 1));
        if (suggested is null)
        {
            return null;
        }

        var candidate = string.Concat(normalized.AsSpan(0, at + 1), suggested);
        return EmailAddress.Check(candidate).Valid == true ? candidate : null;
    }
}
