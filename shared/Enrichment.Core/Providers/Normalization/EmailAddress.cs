namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// Normalizes (trim, lower case; nothing else: dots and +tags are part of the address) and validates
/// email addresses offline with a pragmatic subset of RFC 5321/5322:
/// <list type="bullet">
/// <item>exactly one '@'; no quoted local parts, comments or IP-literal domains (real lists do not
/// contain them, and many mail systems refuse them);</item>
/// <item>local part 1-64 characters of RFC 5322 atext (plus non-ASCII letters and digits, RFC
/// 6531), dots allowed but not first, last or doubled;</item>
/// <item>domain at most 253 characters, two or more labels of 1-63 letters, digits or hyphens
/// (no leading or trailing hyphen), and a last label that is a delegated top-level domain;</item>
/// <item>the whole address at most 254 characters.</item>
/// </list>
/// </summary>
public static class EmailAddress
{
    private const int MaxAddress = 254;
    private const int MaxLocal = 64;
    private const int MaxDomain = 253;
    private const int MaxLabel = 63;

    public static EmailCheck Check(string? raw)
    {
        var trimmed = raw.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return EmailCheck.Absent;
        }

        var normalized = ToLower(raw!, trimmed);
        var reason = Validate(normalized, out var at);
        return reason is null
            ? new EmailCheck(normalized, true, null, at)
            : new EmailCheck(normalized, false, reason, -1);
    }

    private static string ToLower(string raw, ReadOnlySpan<char> trimmed)
    {
        var clean = trimmed.Length == raw.Length;
        foreach (var c in trimmed)
        {
            if (char.IsUpper(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return raw;
        }

        return string.Create(trimmed.Length, raw, static (span, source) =>
            source.AsSpan().Trim().ToLowerInvariant(span));
    }

    private static string? Validate(string address, out int at)
    {
        at = address.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return "missing @";
        }

        if (address.IndexOf('@', at + 1) >= 0)
        {
            return "more than one @";
        }

        if (address.Length > MaxAddress)
        {
            return "address longer than 254 characters";
        }

        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        return ValidateLocal(local) ?? ValidateDomain(domain);
    }

    private static string? ValidateLocal(ReadOnlySpan<char> local)
    {
        if (local.IsEmpty)
        {
            return "empty local part";
        }

        if (local.Length > MaxLocal)
        {
            return "local part longer than 64 characters";
        }

        if (local[0] == '.' || local[^1] == '.')
        {
            return "local part starts or ends with a dot";
        }

        var previousDot = false;
        foreach (var c in local)
        {
            if (c == '.')
            {
                if (previousDot)
                {
                    return "consecutive dots";
                }

                previousDot = true;
                continue;
            }

            previousDot = false;
            if (!IsAtext(c))
            {
                return c is ' ' or '\t' ? "contains whitespace" : "invalid character in local part";
            }
        }

        return null;
    }

    /// <summary>Whether a lower-case host name would be accepted as the domain of an address.</summary>
    public static bool IsValidDomain(ReadOnlySpan<char> domain) => ValidateDomain(domain) is null;

    private static string? ValidateDomain(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty)
        {
            return "empty domain";
        }

        if (domain.Length > MaxDomain)
        {
            return "domain longer than 253 characters";
        }

        var lastDot = domain.LastIndexOf('.');
        if (lastDot < 0)
        {
            return "domain has no dot";
        }

        var labelStart = 0;
        for (var i = 0; i <= domain.Length; i++)
        {
            if (i < domain.Length && domain[i] != '.')
            {
                continue;
            }

            var reason = ValidateLabel(domain[labelStart..i]);
            if (reason is not null)
            {
                return reason;
            }

            labelStart = i + 1;
        }

        return TopLevelDomains.IsKnown(domain[(lastDot + 1)..]) ? null : "unknown top-level domain";
    }

    private static string? ValidateLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty)
        {
            return "empty domain label";
        }

        if (label.Length > MaxLabel)
        {
            return "domain label longer than 63 characters";
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return "domain label starts or ends with a hyphen";
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || IsInternational(c)))
            {
                return c is ' ' or '\t' ? "contains whitespace" : "invalid character in domain";
            }
        }

        return null;
    }

    private static bool IsAtext(char c) =>
        char.IsAsciiLetterOrDigit(c)
        || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '/' or '=' or '?' or '^' or '_' or '`' or '{' or '|' or '}' or '~'
        || IsInternational(c);

    /// <summary>Non-ASCII letters, digits and combining marks (Devanagari, Thai... need the marks).</summary>
    private static bool IsInternational(char c) =>
        c > 0x7F && (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c)
            is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
}
