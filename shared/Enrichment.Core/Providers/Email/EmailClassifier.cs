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
    public static string Classify(ReadOnlySpan<char> localPart, ReadOnlySpan<char> domain)
    {
        if (MatchesDomainOrParent(MailDomains.DisposableLookup, domain))
        {
            return EmailKinds.Disposable;
        }

        if (IsRole(localPart))
        {
            return EmailKinds.Role;
        }

        return IsFreeDomain(domain) ? EmailKinds.Free : EmailKinds.Business;
    }

    public static bool IsFreeDomain(ReadOnlySpan<char> domain) => MatchesDomainOrParent(MailDomains.FreeLookup, domain);

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

    private static bool MatchesDomainOrParent(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<char> domain)
    {
        // Walk up "eu.mailinator.com" → "mailinator.com" (the registrable domain, and any listed
        // subdomain on the way); stop before the bare TLD.
        var current = domain;
        while (true)
        {
            if (lookup.Contains(current))
            {
                return true;
            }

            var dot = current.IndexOf('.');
            if (dot < 0 || current[(dot + 1)..].IndexOf('.') < 0)
            {
                return false;
            }

            current = current[(dot + 1)..];
        }
    }
}
