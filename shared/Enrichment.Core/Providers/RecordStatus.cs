namespace Enrichment.Core.Providers;

public enum RecordStatus
{
    /// <summary>Everything present was valid and enriched.</summary>
    Ok,
    /// <summary>The data is wrong (an email that cannot exist, a phone that does not parse, nothing to contact).</summary>
    Invalid,
    /// <summary>Processing failed (a provider was down or crashed); a retry may fix it.</summary>
    Error,
}
