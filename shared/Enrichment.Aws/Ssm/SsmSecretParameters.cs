using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Enrichment.Core.Ports;

namespace Enrichment.Aws.Ssm;

/// <summary>
/// Secret parameters from SSM Parameter Store: SecureStrings decrypted (KMS) on read, plain
/// Strings as they are. Nothing is cached here; callers keep what they read for the container's life.
/// </summary>
public sealed class SsmSecretParameters : ISecretParameters
{
    private readonly IAmazonSimpleSystemsManagement _client;

    public SsmSecretParameters(IAmazonSimpleSystemsManagement client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            var response = await _client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken);
            return response.Parameter?.Value;
        }
        catch (ParameterNotFoundException)
        {
            return null;
        }
        catch (AmazonServiceException exception)
        {
            // A failed read never carries the value, so the SDK's error may travel as the inner exception.
            throw new SecretParameterException(
                $"Reading the SSM parameter '{name}' failed ({exception.ErrorCode ?? exception.StatusCode.ToString()}).",
                exception);
        }
    }
}
