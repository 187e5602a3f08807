namespace Enrichment.Local.Objects;

public enum SignatureCheck
{
    Valid,
    /// <summary>Signed by us, but past its expiry.</summary>
    Expired,
    /// <summary>Signature missing or not matching (key, operation, expiry or name altered).</summary>
    Tampered,
}
