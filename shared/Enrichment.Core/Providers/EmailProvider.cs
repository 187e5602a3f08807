using Enrichment.Core.Output;
using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Providers;

/// <summary>
/// Derives email_domain, email_kind (see <see cref="EmailClassifier"/> for the precedence) and
/// company_domain: the email's domain for a business or role address at a non-free domain, else
/// the host of the Website field. Works after <see cref="NormalizeProvider"/> or on its own (then it
/// normalizes and validates the email itself, through the same <see cref="EmailFields"/>).
/// </summary>
public sealed class EmailProvider : RecordProvider
{
    public const string ProviderName = "email";

    public override string Name => ProviderName;

    protected override void Enrich(ContactRecord record)
    {
        var email = EmailFields.Resolve(record);
        string? domain = null;
        string? kind = null;
        string? company = null;
        if (email.Valid == true)
        {
            var address = email.Normalized.AsSpan();
            var domainSpan = address[(email.At + 1)..];
            domain = email.Domain;
            kind = EmailClassifier.Classify(address[..email.At], domainSpan);
            if (kind is EmailKinds.Business or EmailKinds.Role && !EmailClassifier.IsFreeDomain(domainSpan))
            {
                company = domain;
            }
        }

        record.Set(OutputColumns.EmailDomain, domain);
        record.Set(OutputColumns.EmailKind, kind);
        record.Set(OutputColumns.CompanyDomain, company ?? WebsiteHost.From(record.Input.Website));
    }
}
