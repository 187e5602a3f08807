using System.Net;
using System.Net.Sockets;

namespace Enrichment.Core.Tests.Providers.Mx;

/// <summary>A "resolver" on loopback that reads every query and never answers; it counts them.</summary>
internal sealed class SilentResolver : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private int _received;

    public SilentResolver()
    {
        _reading = ReadAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public int Received => Volatile.Read(ref _received);

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _reading.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The read loop ends with the socket.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _socket.ReceiveAsync(_stop.Token);
                Interlocked.Increment(ref _received);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }
}
