using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Providers.Mx;

/// <summary>
/// How a DNS answer refines the offline verdict (the one rule, beside the mx provider): a domain
/// that cannot receive mail makes any syntactically valid address undeliverable; a domain that
/// takes mail makes an "unknown" address deliverable and leaves a risky one (disposable, role,
/// possible typo) risky; an unavailable resolver never makes anything worse than it was, and an
/// address that was only "unknown" says why (dns_unavailable).
/// </summary>
public static class MxVerdict
{
    public static EmailVerdict Refine(EmailVerdict offline, MxOutcome outcome) => outcome switch
    {
        MxOutcome.NoMx => new(EmailStatuses.Undeliverable, EmailReasons.NoMx),
        MxOutcome.NullMx => new(EmailStatuses.Undeliverable, EmailReasons.NullMx),
        MxOutcome.DomainNotFound => new(EmailStatuses.Undeliverable, EmailReasons.DomainNotFound),
        MxOutcome.MxFound when offline.Status == EmailStatuses.Unknown => new(EmailStatuses.Deliverable, EmailReasons.MxFound),
        MxOutcome.ImplicitMx when offline.Status == EmailStatuses.Unknown => new(EmailStatuses.Deliverable, EmailReasons.ImplicitMx),
        MxOutcome.DnsUnavailable when offline.Status == EmailStatuses.Unknown => new(EmailStatuses.Unknown, EmailReasons.DnsUnavailable),
        _ => offline,
    };

    /// <summary>The wire form kept in the job's answer cache.</summary>
    public static string ToWire(MxOutcome outcome) => outcome switch
    {
        MxOutcome.MxFound => EmailReasons.MxFound,
        MxOutcome.ImplicitMx => EmailReasons.ImplicitMx,
        MxOutcome.NoMx => EmailReasons.NoMx,
        MxOutcome.NullMx => EmailReasons.NullMx,
        MxOutcome.DomainNotFound => EmailReasons.DomainNotFound,
        _ => EmailReasons.DnsUnavailable,
    };

    public static MxOutcome? FromWire(string wire) => wire switch
    {
        EmailReasons.MxFound => MxOutcome.MxFound,
        EmailReasons.ImplicitMx => MxOutcome.ImplicitMx,
        EmailReasons.NoMx => MxOutcome.NoMx,
        EmailReasons.NullMx => MxOutcome.NullMx,
        EmailReasons.DomainNotFound => MxOutcome.DomainNotFound,
        _ => null,
    };
}
