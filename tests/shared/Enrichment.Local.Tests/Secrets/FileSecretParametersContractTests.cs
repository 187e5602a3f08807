using System.Text.Json;
using Enrichment.Core.Ports;
using Enrichment.Local.Secrets;
using Enrichment.Testing.Contracts;

namespace Enrichment.Local.Tests.Secrets;

[TestFixture]
public sealed class FileSecretParametersContractTests : SecretParametersContract
{
    private readonly TempDirectory _directory = new();

    protected override async Task<ISecretParameters> CreateParametersAsync(IReadOnlyList<Seed> parameters)
    {
        var path = Path.Combine(_directory.Sub(), FileSecretParameters.DefaultFileName);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(parameters.ToDictionary(p => p.Name, p => p.Value)));
        return new FileSecretParameters(path);
    }

    [OneTimeTearDown]
    public void RemoveDirectory() => _directory.Dispose();
}
