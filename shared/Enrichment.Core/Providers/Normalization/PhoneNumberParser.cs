using System.Collections.Concurrent;
using System.Collections.Frozen;
using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// PhoneNumberUtil.Parse(raw, region) for the shapes real phone columns hold: ASCII digits with
/// spaces, '-', '.', '/', '(' and ')', and at most one '+' before the first digit. It answers
/// exactly what the library answers (the same CountryCode, NationalNumber and leading zeros, or
/// the same ErrorType) and defers everything else to the library.
/// Why hand-written although the library exists (issue 13): its Parse was the largest single cost
/// of the enrichment chain, ParseHelper 4,369 of 25,322 perf samples (17%) of the 1M-row baseline
/// run: the viability regex ~1,250, the extension regexes (MaybeStripExtension) ~925,
/// MaybeExtractCountryCode ~890, IDD stripping ~800, national-prefix stripping ~620, plus its
/// StringBuilders; and a number it rejects costs a thrown exception.
/// Why the skipped steps cannot change the answer for these shapes (libphonenumber-csharp 9.0.43,
/// ParseHelper): with no ';' there is no RFC 3966 context or ";isub="; with no letter, '#', '~',
/// ',' or ';' neither the extension pattern nor the second-number cut (a '/' then 'x') can match;
/// the viability pattern accepts any such string with three digits or more (every character is
/// its punctuation); with no letters Normalize keeps the digits. What is left (the '+' or the
/// region's IDD, the calling code, the national prefix for parsing, the length checks) is
/// replicated below in the library's order, with the metadata's patterns as DFAs. Where the regex's
/// answer depends on which of several matches it reports (two prefixes of the number match), where
/// a prefix pattern is outside the DFA grammar, or where a region's national prefix has a transform
/// rule, the library's public step (MaybeStripInternationalPrefixAndNormalize,
/// MaybeStripNationalPrefixAndCarrierCode) answers; where the library retries a '+' number without
/// its '+', or the general pattern is not a DFA, the input is deferred. PhoneNumberParserTests compares the two over generated
/// lists, every region's example numbers in four formats, and seeded random digit strings.
/// </summary>
internal static class PhoneNumberParser
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // Far below the library's 250-character limit; longer input is rare and deferred.
    private const int MaxInputLength = 64;

    // PhoneNumberUtil.MAX_LENGTH_FOR_NSN and MIN_LENGTH_FOR_NSN.
    private const int MaxNationalLength = 17;
    private const int MinNationalLength = 2;

    // Calling codes have at most three digits.
    private const int MaxCallingCodeDigits = 3;

    private const string NonGeographicRegion = "001";

    // PhoneNumberUtil.IsValidRegionCode (private) reads the same set.
    private static readonly FrozenSet<string> SupportedRegions = Util.GetSupportedRegions().ToFrozenSet(StringComparer.Ordinal);

    // PhoneNumberUtil.ExtractCountryCode (internal) asks the same map's keys.
    private static readonly bool[] KnownCallingCodes = BuildKnownCallingCodes();

    private static readonly PhoneParseRules?[] ByCallingCode = new PhoneParseRules?[1000];

    private static readonly ConcurrentDictionary<string, PhoneParseRules?> ByRegion = new(StringComparer.Ordinal);

    // One set of rules per metadata, whether reached by region or by calling code ("GB" and 44 are
    // the same metadata): its DFAs are built once.
    private static readonly ConcurrentDictionary<PhoneMetadata, PhoneParseRules> ByMetadata = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Util.Parse(raw, region)'s answer: <see cref="PhoneParseOutcome.Parsed"/> with the number,
    /// <see cref="PhoneParseOutcome.Rejected"/> with the error the library would throw, or
    /// <see cref="PhoneParseOutcome.Deferred"/> when the caller must ask the library.
    /// </summary>
    public static PhoneParseOutcome TryParse(string raw, string region, out PhoneNumber? number, out ErrorType error)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(region);
        number = null;
        error = default;
        if (raw.Length > MaxInputLength || region == NonGeographicRegion)
        {
            return PhoneParseOutcome.Deferred;
        }

        Span<char> buffer = stackalloc char[MaxInputLength];
        var count = 0;
        var plus = false;
        foreach (var c in raw)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[count++] = c;
            }
            else if (c == '+')
            {
                if (plus || count > 0)
                {
                    return PhoneParseOutcome.Deferred;
                }

                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '/' or '(' or ')'))
            {
                return PhoneParseOutcome.Deferred;
            }
        }

        // Two digits or fewer: the viability check's "\d{2}$" branch and the short-input errors.
        if (count < 3)
        {
            return PhoneParseOutcome.Deferred;
        }

        ReadOnlySpan<char> digits = buffer[..count];
        return plus
            ? ParseInternational(digits, out number, out error)
            : ParseFromRegion(digits, region, out number, out error);
    }

    // After a '+': the calling code, else the library retries the digits as if dialled without it.
    private static PhoneParseOutcome ParseInternational(ReadOnlySpan<char> digits, out PhoneNumber? number, out ErrorType error)
    {
        number = null;
        error = default;
        var countryCode = ExtractCountryCode(digits, out var national);
        return countryCode == 0
            ? PhoneParseOutcome.Deferred
            : Finish(countryCode, RulesOfCallingCode(countryCode), national, out number, out error);
    }

    private static PhoneParseOutcome ParseFromRegion(ReadOnlySpan<char> digits, string region, out PhoneNumber? number, out ErrorType error)
    {
        number = null;
        error = default;

        // CheckRegionForParsing: a number without '+' needs a region to be read in.
        if (!SupportedRegions.Contains(region))
        {
            error = ErrorType.INVALID_COUNTRY_CODE;
            return PhoneParseOutcome.Rejected;
        }

        var rules = RulesOfRegion(region);
        if (rules is null || !rules.IsComplete)
        {
            return PhoneParseOutcome.Deferred;
        }

        // MaybeStripInternationalPrefixAndNormalize / ParsePrefixAsIdd: the IDD counts only when
        // the digit after it is not a 0.
        var idd = IddLength(digits, rules);
        if (idd >= 0)
        {
            var afterIdd = digits[idd..];
            if (afterIdd.Length <= 2)
            {
                error = ErrorType.TOO_SHORT_AFTER_IDD;
                return PhoneParseOutcome.Rejected;
            }

            var dialled = ExtractCountryCode(afterIdd, out var national);
            if (dialled == 0)
            {
                error = ErrorType.INVALID_COUNTRY_CODE;
                return PhoneParseOutcome.Rejected;
            }

            return Finish(dialled, RulesOfCallingCode(dialled), national, out number, out error);
        }

        // MaybeExtractCountryCode, FROM_DEFAULT_COUNTRY: the region's own calling code written
        // without '+' is taken off when the rest reads better as a national number, or when the
        // whole is too long for one.
        var general = rules.General!;
        var countryCode = rules.CountryCode;
        if (StartsWithCallingCode(digits, countryCode, out var codeDigits))
        {
            var rest = StripNationalPrefix(digits[codeDigits..], rules, out _);
            if ((!general.MatchesWhole(digits) && general.MatchesWhole(rest))
                || rules.TestLength(digits.Length) == PhoneNumberUtil.ValidationResult.TOO_LONG)
            {
                return Finish(countryCode, RulesOfCallingCode(countryCode), rest, out number, out error);
            }
        }

        return Finish(countryCode, rules, digits, out number, out error);
    }

    // The end of ParseHelper: the national prefix, the length limits, the leading zeros.
    private static PhoneParseOutcome Finish(int countryCode, PhoneParseRules? rules, ReadOnlySpan<char> national, out PhoneNumber? number, out ErrorType error)
    {
        number = null;
        error = default;
        if (national.Length < MinNationalLength)
        {
            error = ErrorType.TOO_SHORT_NSN;
            return PhoneParseOutcome.Rejected;
        }

        if (rules is null || !rules.IsComplete)
        {
            return PhoneParseOutcome.Deferred;
        }

        var stripped = StripNationalPrefix(national, rules, out var didStrip);
        if (didStrip && rules.TestLength(stripped.Length) is not (PhoneNumberUtil.ValidationResult.TOO_SHORT
            or PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY or PhoneNumberUtil.ValidationResult.INVALID_LENGTH))
        {
            national = stripped;
        }

        if (national.Length < MinNationalLength)
        {
            error = ErrorType.TOO_SHORT_NSN;
            return PhoneParseOutcome.Rejected;
        }

        if (national.Length > MaxNationalLength)
        {
            error = ErrorType.TOO_LONG;
            return PhoneParseOutcome.Rejected;
        }

        var builder = PhoneNumber.CreateBuilder()
            .SetCountryCode(countryCode)
            .SetNationalNumber(ulong.Parse(national, System.Globalization.CultureInfo.InvariantCulture));

        // SetItalianLeadingZerosForPhoneNumber: the zeros before the rest, the last digit excepted.
        if (national.Length > 1 && national[0] == '0')
        {
            var zeros = 1;
            while (zeros < national.Length - 1 && national[zeros] == '0')
            {
                zeros++;
            }

            builder.SetNumberOfLeadingZeros(zeros);
        }

        number = builder.Build();
        return PhoneParseOutcome.Parsed;
    }

    /// <summary>
    /// The length of the region's IDD at the start of the number when ParsePrefixAsIdd would take
    /// it off (not when a 0 follows it), else -1. The library's own public step answers when the
    /// DFA cannot (two prefixes match, or the pattern is outside its grammar).
    /// </summary>
    private static int IddLength(ReadOnlySpan<char> digits, PhoneParseRules rules)
    {
        if (rules.IddNeverMatches)
        {
            return -1;
        }

        var length = rules.Idd?.PrefixMatchLength(digits) ?? DigitPatternDfa.Ambiguous;
        if (length == DigitPatternDfa.Ambiguous)
        {
            var number = new StringBuilder(digits.Length).Append(digits);
            var source = Util.MaybeStripInternationalPrefixAndNormalize(number, rules.Metadata.InternationalPrefix);
            return source == PhoneNumber.Types.CountryCodeSource.FROM_NUMBER_WITH_IDD ? digits.Length - number.Length : -1;
        }

        return length >= 0 && (length == digits.Length || digits[length] != '0') ? length : -1;
    }

    /// <summary>
    /// MaybeStripNationalPrefixAndCarrierCode without a carrier: the number without its national
    /// prefix (<paramref name="stripped"/>: the library's "true"), or the number unchanged. The
    /// library's own public step answers when the DFA cannot (two prefixes match, the pattern is
    /// outside its grammar, or the region rewrites the number with a transform rule).
    /// </summary>
    private static ReadOnlySpan<char> StripNationalPrefix(ReadOnlySpan<char> number, PhoneParseRules rules, out bool stripped)
    {
        stripped = false;
        if (!rules.HasNationalPrefixForParsing || number.IsEmpty)
        {
            return number;
        }

        var length = rules.NationalPrefix?.PrefixMatchLength(number) ?? DigitPatternDfa.Ambiguous;
        if (length == DigitPatternDfa.Dead)
        {
            return number;
        }

        if (length == DigitPatternDfa.Ambiguous || rules.HasTransformRule)
        {
            var builder = new StringBuilder(number.Length).Append(number);
            if (!Util.MaybeStripNationalPrefixAndCarrierCode(builder, rules.Metadata, null))
            {
                return number;
            }

            stripped = true;
            return builder.ToString();
        }

        // Not when the number was a whole national number before and would not be after.
        var general = rules.General!;
        if (general.MatchesWhole(number) && !general.MatchesWhole(number[length..]))
        {
            return number;
        }

        stripped = true;
        return number[length..];
    }

    // PhoneNumberUtil.ExtractCountryCode: the shortest known code of 1-3 digits, none after a 0.
    private static int ExtractCountryCode(ReadOnlySpan<char> number, out ReadOnlySpan<char> national)
    {
        national = default;
        if (number.IsEmpty || number[0] == '0')
        {
            return 0;
        }

        var code = 0;
        for (var i = 0; i < MaxCallingCodeDigits && i < number.Length; i++)
        {
            code = (code * 10) + (number[i] - '0');
            if (KnownCallingCodes[code])
            {
                national = number[(i + 1)..];
                return code;
            }
        }

        return 0;
    }

    private static bool StartsWithCallingCode(ReadOnlySpan<char> digits, int countryCode, out int codeDigits)
    {
        Span<char> text = stackalloc char[MaxCallingCodeDigits + 8];
        countryCode.TryFormat(text, out codeDigits, default, System.Globalization.CultureInfo.InvariantCulture);
        return digits.StartsWith(text[..codeDigits]);
    }

    private static PhoneParseRules? RulesOfRegion(string region) =>
        ByRegion.GetOrAdd(region, static r => Util.GetMetadataForRegion(r) is { } metadata ? RulesOf(metadata) : null);

    private static PhoneParseRules RulesOf(PhoneMetadata metadata) => ByMetadata.GetOrAdd(metadata, static m => new PhoneParseRules(m));

    // ParseHelper's metadata once a calling code is known: its main region's, or the non-geographic entity's.
    private static PhoneParseRules? RulesOfCallingCode(int countryCode)
    {
        var rules = Volatile.Read(ref ByCallingCode[countryCode]);
        if (rules is not null)
        {
            return rules;
        }

        var region = Util.GetRegionCodeForCountryCode(countryCode);
        var metadata = region == NonGeographicRegion
            ? Util.GetMetadataForNonGeographicalRegion(countryCode)
            : Util.GetMetadataForRegion(region);
        if (metadata is null)
        {
            return null;
        }

        rules = RulesOf(metadata);
        Volatile.Write(ref ByCallingCode[countryCode], rules);
        return rules;
    }

    private static bool[] BuildKnownCallingCodes()
    {
        var known = new bool[1000];
        foreach (var code in Util.GetSupportedCallingCodes())
        {
            known[code] = true;
        }

        return known;
    }
}
