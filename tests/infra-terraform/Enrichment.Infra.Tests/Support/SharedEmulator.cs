using Enrichment.Testing.Moto;

namespace Enrichment.Infra.Tests.Support;

/// <summary>One moto server and its Step Functions gap proxy for the whole test run, started on first use.</summary>
public static class SharedEmulator
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static MotoServer? _moto;
    private static StepFunctionsGapProxy? _proxy;

    public static async Task<(MotoServer Moto, StepFunctionsGapProxy Proxy)> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _moto ??= await MotoServer.StartAsync();
            _proxy ??= StepFunctionsGapProxy.Start(_moto.Endpoint);
            return (_moto, _proxy);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
            _proxy = null;
        }

        if (_moto is not null)
        {
            await _moto.DisposeAsync();
            _moto = null;
        }
    }
}
