using Enrichment.Infra.Tests.Support;

namespace Enrichment.Infra.Tests;

/// <summary>Stops the shared moto server and deletes the shared plan copy and build after the last test.</summary>
[SetUpFixture]
public sealed class InfraTestRun
{
    [OneTimeTearDown]
    public async Task StopSharedEmulatorAsync()
    {
        PlannedStacks.Release();
        BuiltArtifacts.Release();
        await SharedEmulator.StopAsync();
    }
}
