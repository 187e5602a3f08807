namespace Enrichment.Core.Providers.Email;

/// <summary>Wire values of the email_reason column (one per address; README lists them with their status).</summary>
public static class EmailReasons
{
    public const string InvalidSyntax = "invalid_syntax";
    public const string Disposable = "disposable";
    public const string Role = "role";
    public const string PossibleTypo = "possible_typo";
    public const string KnownProvider = "known_provider";
    public const string Unverified = "unverified";

    // Set by the mx provider.
    public const string MxFound = "mx_found";
    public const string ImplicitMx = "implicit_mx";
    public const string NoMx = "no_mx";
    public const string NullMx = "null_mx";
    public const string DomainNotFound = "domain_not_found";
    public const string DnsUnavailable = "dns_unavailable";
}
