using Enrichment.Testing.Moto;

namespace Enrichment.Infra.Tests.Support;

/// <summary>One moto server and its Step Functions gap proxy for the whole test run, started on first use.</summary>
public static class SharedEmulator
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static MotoServer? Moto;
    private static StepFunctionsGapProxy? Proxy;

    public static async Task<(MotoServer Moto, StepFunctionsGapProxy Proxy)> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            Moto ??= await MotoServer.StartAsync();
            Proxy ??= StepFunctionsGapProxy.Start(Moto.Endpoint);
            return (Moto, Proxy);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
            Proxy = null;
        }

        if (Moto is not null)
        {
            await Moto.DisposeAsync();
            Moto = null;
        }
    }
}
