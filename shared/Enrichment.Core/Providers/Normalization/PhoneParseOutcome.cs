namespace Enrichment.Core.Providers.Normalization;

/// <summary>What <see cref="PhoneNumberParser.TryParse"/> made of an input.</summary>
internal enum PhoneParseOutcome
{
    /// <summary>Not a shape the fast path answers for: ask PhoneNumberUtil.Parse.</summary>
    Deferred,

    /// <summary>The library's PhoneNumber.</summary>
    Parsed,

    /// <summary>The library would throw NumberParseException with this ErrorType.</summary>
    Rejected,
}
