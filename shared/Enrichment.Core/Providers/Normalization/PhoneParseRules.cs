using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// What <see cref="PhoneNumberParser"/> needs of one region's metadata, as DFAs over ASCII digits:
/// its international (IDD) prefix, its national prefix for parsing and its general national-number
/// pattern, and the general possible lengths. A pattern outside the DFA grammar leaves its DFA null
/// and the parser defers the numbers that would need it to the library.
/// </summary>
internal sealed class PhoneParseRules
{
    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly int[] _possibleLengths;
    private readonly int[] _localOnlyLengths;

    public PhoneParseRules(PhoneMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
        CountryCode = metadata.CountryCode;

        // A prefix made only of letters (the metadata's "NonMatch" for regions without one) is a
        // literal no string of digits starts with.
        var idd = metadata.InternationalPrefix;
        IddNeverMatches = idd.Length > 0 && !idd.AsSpan().ContainsAnyExcept(AsciiLetters);
        Idd = IddNeverMatches ? null : DigitPatternDfa.TryBuild(idd);

        HasNationalPrefixForParsing = metadata.HasNationalPrefixForParsing;
        NationalPrefix = HasNationalPrefixForParsing ? DigitPatternDfa.TryBuild(metadata.NationalPrefixForParsing) : null;
        HasTransformRule = !string.IsNullOrEmpty(metadata.NationalPrefixTransformRule);
        General = metadata.GeneralDesc.NationalNumberPattern is { Length: > 0 } general ? DigitPatternDfa.TryBuild(general) : null;
        _possibleLengths = [.. metadata.GeneralDesc.PossibleLengthList];
        _localOnlyLengths = [.. metadata.GeneralDesc.PossibleLengthLocalOnlyList];
    }

    public PhoneMetadata Metadata { get; }

    public int CountryCode { get; }

    public bool IddNeverMatches { get; }

    public DigitPatternDfa? Idd { get; }

    public bool HasNationalPrefixForParsing { get; }

    public DigitPatternDfa? NationalPrefix { get; }

    public bool HasTransformRule { get; }

    public DigitPatternDfa? General { get; }

    /// <summary>
    /// Whether the general pattern is a DFA and the lengths are there (else the parser defers);
    /// the prefixes' DFAs are optional (without one, the library's own public step is called).
    /// </summary>
    public bool IsComplete => General is not null && _possibleLengths.Length > 0;

    /// <summary>
    /// PhoneNumberUtil.TestNumberLength (private) for the general description (type UNKNOWN),
    /// step by step in the library's order.
    /// </summary>
    public PhoneNumberUtil.ValidationResult TestLength(int length)
    {
        var lengths = _possibleLengths;
        if (lengths[0] == -1)
        {
            return PhoneNumberUtil.ValidationResult.INVALID_LENGTH;
        }

        if (Array.IndexOf(_localOnlyLengths, length) >= 0)
        {
            return PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY;
        }

        if (lengths[0] == length)
        {
            return PhoneNumberUtil.ValidationResult.IS_POSSIBLE;
        }

        if (lengths[0] > length)
        {
            return PhoneNumberUtil.ValidationResult.TOO_SHORT;
        }

        if (lengths[^1] < length)
        {
            return PhoneNumberUtil.ValidationResult.TOO_LONG;
        }

        return Array.IndexOf(lengths, length) < 0
            ? PhoneNumberUtil.ValidationResult.INVALID_LENGTH
            : PhoneNumberUtil.ValidationResult.IS_POSSIBLE;
    }
}
