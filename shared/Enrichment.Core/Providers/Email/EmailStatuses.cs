namespace Enrichment.Core.Providers.Email;

/// <summary>Wire values of the email_status column.</summary>
public static class EmailStatuses
{
    /// <summary>Syntax ok and the domain is known to accept mail (a top provider, or with mx: MX/A records).</summary>
    public const string Deliverable = "deliverable";

    /// <summary>Bad syntax, or (with mx) a domain that cannot receive mail.</summary>
    public const string Undeliverable = "undeliverable";

    /// <summary>Disposable, a role account, or a likely typo of a top provider.</summary>
    public const string Risky = "risky";

    /// <summary>Syntax ok, nothing more known: the offline answer for most business addresses.</summary>
    public const string Unknown = "unknown";
}
