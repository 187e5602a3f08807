using System.Collections.Concurrent;
using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// One region's number-type patterns, taken from the library's public metadata and matched the way
/// PhoneNumberUtil's private GetNumberTypeHelper and IsNumberMatchingDesc match them (the possible
/// lengths first, then the whole number against the pattern), in the same order, so the answer is
/// the library's. A replica exists so that the region and the type come from one pass (see
/// <see cref="PhoneTypeResolver"/>) and a pattern is matched by a DFA rather than a regex (see
/// <see cref="PhonePattern"/>).
/// PhoneTypeResolverTests pins it to PhoneNumberUtil.GetNumberType over every region's example
/// numbers and variants of them.
/// </summary>
internal sealed class PhoneTypePatterns
{
    // Descriptions sharing a pattern (a region's fixed-line and mobile patterns often coincide, and
    // the same text recurs between regions) share one PhonePattern, as the library shares one Regex.
    private static readonly ConcurrentDictionary<string, PhonePattern> Shared = new(StringComparer.Ordinal);

    private readonly bool _hasGeneralPattern;
    private readonly bool _mobileMatchesAsFixedLine;
    private readonly Desc _general;
    private readonly Desc _premiumRate;
    private readonly Desc _tollFree;
    private readonly Desc _sharedCost;
    private readonly Desc _voip;
    private readonly Desc _personalNumber;
    private readonly Desc _pager;
    private readonly Desc _uan;
    private readonly Desc _voicemail;
    private readonly Desc _fixedLine;
    private readonly Desc _mobile;
    private readonly string? _leadingDigitsLiteral;
    private readonly PhonePattern? _leadingDigits;

    public PhoneTypePatterns(PhoneMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _hasGeneralPattern = metadata.GeneralDesc.HasNationalNumberPattern;
        _general = new Desc(metadata.GeneralDesc);
        _premiumRate = new Desc(metadata.PremiumRate);
        _tollFree = new Desc(metadata.TollFree);
        _sharedCost = new Desc(metadata.SharedCost);
        _voip = new Desc(metadata.Voip);
        _personalNumber = new Desc(metadata.PersonalNumber);
        _pager = new Desc(metadata.Pager);
        _uan = new Desc(metadata.Uan);
        _voicemail = new Desc(metadata.Voicemail);
        _fixedLine = new Desc(metadata.FixedLine);
        _mobile = new Desc(metadata.Mobile);

        // Many regions (the United States among them) give mobile and fixed line the same pattern and
        // lengths without setting SameMobileAndFixedLinePattern: the second match would repeat the
        // first, on one of the costliest patterns (issue 13). Either way the mobile match is the fixed-line one.
        _mobileMatchesAsFixedLine = metadata.SameMobileAndFixedLinePattern || _mobile.SameAs(_fixedLine);

        // PhoneMetadata.IsMatchLeadingDigits (internal): a plain prefix when the text has nothing to escape.
        if (metadata.HasLeadingDigits)
        {
            var leading = metadata.LeadingDigits;
            if (System.Text.RegularExpressions.Regex.Escape(leading) == leading)
            {
                _leadingDigitsLiteral = leading;
            }
            else
            {
                _leadingDigits = PhonePattern.Start(leading);
            }
        }
    }

    /// <summary>Whether the region has leading digits, which then alone decide a shared calling code's region.</summary>
    public bool HasLeadingDigits => _leadingDigitsLiteral is not null || _leadingDigits is not null;

    public bool MatchesLeadingDigits(string nationalNumber) => _leadingDigitsLiteral is not null
        ? nationalNumber.StartsWith(_leadingDigitsLiteral, StringComparison.Ordinal)
        : _leadingDigits?.IsMatch(nationalNumber) == true;

    /// <summary>PhoneNumberUtil.GetNumberTypeHelper, step for step.</summary>
    public PhoneNumberType TypeOf(string nationalNumber)
    {
        if (!_hasGeneralPattern || !_general.Matches(nationalNumber))
        {
            return PhoneNumberType.UNKNOWN;
        }

        if (_premiumRate.Matches(nationalNumber))
        {
            return PhoneNumberType.PREMIUM_RATE;
        }

        if (_tollFree.Matches(nationalNumber))
        {
            return PhoneNumberType.TOLL_FREE;
        }

        if (_sharedCost.Matches(nationalNumber))
        {
            return PhoneNumberType.SHARED_COST;
        }

        if (_voip.Matches(nationalNumber))
        {
            return PhoneNumberType.VOIP;
        }

        if (_personalNumber.Matches(nationalNumber))
        {
            return PhoneNumberType.PERSONAL_NUMBER;
        }

        if (_pager.Matches(nationalNumber))
        {
            return PhoneNumberType.PAGER;
        }

        if (_uan.Matches(nationalNumber))
        {
            return PhoneNumberType.UAN;
        }

        if (_voicemail.Matches(nationalNumber))
        {
            return PhoneNumberType.VOICEMAIL;
        }

        if (_fixedLine.Matches(nationalNumber))
        {
            return _mobileMatchesAsFixedLine || _mobile.Matches(nationalNumber)
                ? PhoneNumberType.FIXED_LINE_OR_MOBILE
                : PhoneNumberType.FIXED_LINE;
        }

        return !_mobileMatchesAsFixedLine && _mobile.Matches(nationalNumber)
            ? PhoneNumberType.MOBILE
            : PhoneNumberType.UNKNOWN;
    }

    /// <summary>
    /// PhoneNumberUtil.IsNumberMatchingDesc: the possible lengths (when listed) first, then the
    /// pattern. A description without a pattern lists only the length -1 in the library's metadata,
    /// so it never gets as far as the pattern (where the library would throw); a test pins that.
    /// </summary>
    private readonly struct Desc
    {
        private readonly bool _checkLengths;
        private readonly ulong _lengths;
        private readonly PhonePattern? _pattern;

        public Desc(PhoneNumberDesc desc)
        {
            _checkLengths = desc.PossibleLengthCount > 0;
            foreach (var length in desc.PossibleLengthList)
            {
                if (length is >= 0 and < 64)
                {
                    _lengths |= 1UL << length;
                }
            }

            _pattern = desc.HasNationalNumberPattern
                ? Shared.GetOrAdd(desc.NationalNumberPattern, PhonePattern.Whole)
                : null;
        }

        /// <summary>Whether this description matches exactly the numbers the other does (same lengths, same pattern).</summary>
        public bool SameAs(Desc other) =>
            _checkLengths == other._checkLengths && _lengths == other._lengths && ReferenceEquals(_pattern, other._pattern);

        public bool Matches(string nationalNumber)
        {
            if (_checkLengths && (nationalNumber.Length >= 64 || (_lengths & (1UL << nationalNumber.Length)) == 0))
            {
                return false;
            }

            return _pattern is not null && _pattern.IsMatch(nationalNumber);
        }
    }
}
