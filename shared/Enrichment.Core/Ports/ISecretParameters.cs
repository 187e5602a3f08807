namespace Enrichment.Core.Ports;

/// <summary>
/// Secret settings kept outside the code and the environment (AWS: SSM Parameter Store
/// SecureStrings). Callers cache what they read: one read per container is the budget.
/// </summary>
public interface ISecretParameters
{
    /// <summary>The decrypted value, or null when no parameter has that name.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);
}
