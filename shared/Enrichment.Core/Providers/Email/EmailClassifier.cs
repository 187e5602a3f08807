using Enrichment.Core.Data;

namespace Enrichment.Core.Providers.Email;

/// <summary>
/// Classifies a valid, normalized address. Precedence: disposable, then role, then free, then
/// business. A throwaway inbox is worthless whatever its local part says; a role mailbox
/// (info@, sales@) is a function rather than a person, also at a free provider; otherwise the
/// domain decides.
/// </summary>
public static class EmailClassifier
{
    private static readonly HashSet<string> RoleParts = new(EmailDomainLists.RoleLocalParts, StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RoleLookup = RoleParts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <param name="localPart">Lower-case local part.</param>
    /// <param name="domain">Lower-case domain.</param>
    public static string Classify(ReadOnlySpan<char> localPart, ReadOnlySpan<char> domain) =>
        Classify(localPart, IsDisposableDomain(domain), IsFreeDomain(domain));

    /// <summary>The same precedence on domain facts already known (<see cref="EmailDomainFacts"/>).</summary>
    internal static string Classify(ReadOnlySpan<char> localPart, EmailDomainFacts facts) =>
        Classify(localPart, facts.Disposable, facts.Free);

    private static string Classify(ReadOnlySpan<char> localPart, bool disposable, bool free)
    {
        if (disposable)
        {
            return EmailKinds.Disposable;
        }

        if (IsRole(localPart))
        {
            return EmailKinds.Role;
        }

        return free ? EmailKinds.Free : EmailKinds.Business;
    }

    public static bool IsFreeDomain(ReadOnlySpan<char> domain) => MatchesDomainOrParent(MailDomains.FreeLookup, domain);

    public static bool IsDisposableDomain(ReadOnlySpan<char> domain) => MatchesDomainOrParent(MailDomains.DisposableLookup, domain);

    /// <summary>
    /// Whether the local part names a function. A "+tag" is ignored, and so are the separators
    /// people put in such names ("no-reply", "customer.service", "do_not_reply").
    /// </summary>
    public static bool IsRole(ReadOnlySpan<char> localPart)
    {
        var plus = localPart.IndexOf('+');
        var bare = plus >= 0 ? localPart[..plus] : localPart;
        if (bare.Length > 32)
        {
            return false;
        }

        Span<char> key = stackalloc char[bare.Length];
        var length = 0;
        foreach (var c in bare)
        {
            if (c is not ('.' or '-' or '_'))
            {
                key[length++] = c;
            }
        }

        return RoleLookup.Contains(key[..length]);
    }

    /// <summary>
    /// Whether the list names the domain or one of its parents down to its registrable domain (by
    /// the Public Suffix List), never a public suffix above it: "eu.mailinator.com" matches
    /// "mailinator.com", but "pw.edu.pl" does not match "edu.pl" (a public suffix that the
    /// disposable list names for addresses at edu.pl itself), nor "acme.net.ua" the free "net.ua".
    /// </summary>
    private static bool MatchesDomainOrParent(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<char> domain)
    {
        if (lookup.Contains(domain))
        {
            return true;
        }

        var registrable = PublicSuffixList.RegistrableStart(domain);
        var position = 0;
        while (position < registrable)
        {
            var dot = domain[position..].IndexOf('.');
            position += dot + 1;
            if (lookup.Contains(domain[position..]))
            {
                return true;
            }
        }

        return false;
    }
}
