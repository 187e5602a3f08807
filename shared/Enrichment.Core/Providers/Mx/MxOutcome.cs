namespace Enrichment.Core.Providers.Mx;

/// <summary>What DNS says about one mail domain (RFC 5321 section 5.1, RFC 7505).</summary>
public enum MxOutcome
{
    /// <summary>At least one MX record that names a host.</summary>
    MxFound,

    /// <summary>No MX, but an A or AAAA record: mail goes to the domain itself (the implicit MX).</summary>
    ImplicitMx,

    /// <summary>Neither MX nor A/AAAA: nowhere to deliver.</summary>
    NoMx,

    /// <summary>The single MX "0 ." of RFC 7505: the domain declares it takes no mail.</summary>
    NullMx,

    /// <summary>NXDOMAIN.</summary>
    DomainNotFound,

    /// <summary>Timeout, SERVFAIL, refused, no resolver, or the breaker open: nothing is known.</summary>
    DnsUnavailable,
}
