using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Enrichment.Aws.Ssm;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;

namespace Enrichment.Aws.Tests.Ssm;

/// <summary>
/// The secret parameters contract against Parameter Store in moto: parameters are put with the
/// real SDK client (SecureStrings encrypted under moto's default key) and read through the adapter.
/// </summary>
[TestFixture]
public sealed class SsmSecretParametersContractTests : SecretParametersContract
{
    private AmazonSimpleSystemsManagementClient _client = null!;

    [OneTimeSetUp]
    public void CreateClient() => _client = MotoClients.Ssm();

    [OneTimeTearDown]
    public void DisposeClient() => _client?.Dispose();

    protected override async Task<ISecretParameters> CreateParametersAsync(IReadOnlyList<Seed> parameters)
    {
        foreach (var parameter in parameters)
        {
            await _client.PutParameterAsync(new PutParameterRequest
            {
                Name = parameter.Name,
                Value = parameter.Value,
                Type = parameter.SecureString ? ParameterType.SecureString : ParameterType.String,
                Overwrite = true,
            });
        }

        return new SsmSecretParameters(_client);
    }

    [Test]
    public async Task A_secure_string_read_without_decryption_is_not_the_value()
    {
        // Guards the contract's decryption test: moto really distinguishes the two reads.
        await CreateParametersAsync([new Seed(Root + "/api-key", "plain-secret", SecureString: true)]);

        var raw = await _client.GetParameterAsync(new GetParameterRequest { Name = Root + "/api-key", WithDecryption = false });

        Assert.That(raw.Parameter.Value, Is.Not.EqualTo("plain-secret"));
    }
}
