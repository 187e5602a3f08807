using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Enrichment.Aws.Ssm;

/// <summary>
/// Secret parameters from SSM Parameter Store: SecureStrings decrypted (KMS) on read, plain
/// Strings as they are. Nothing is cached here; callers keep what they read for the container's life.
/// </summary>
public sealed class SsmSecretParameters(IAmazonSimpleSystemsManagement client) : ISecretParameters
{
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            var response = await client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken);
            return response.Parameter?.Value;
        }
        catch (ParameterNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An error the SDK raised while reading a response may quote that response, i.e. the
            // value: only transport errors, which precede any response, travel as inner exceptions.
            var cause = exception is AmazonServiceException { ErrorCode: { Length: > 0 } code } ? code : exception.GetType().Name;
            throw new SecretParameterException(
                $"Reading the SSM parameter '{name}' failed ({cause}).",
                exception is HttpRequestException or TimeoutException ? exception : null);
        }
    }
}
