using System.Net;
using System.Net.Sockets;

namespace Enrichment.Core.Tests.Providers.Mx;

/// <summary>A "resolver" on loopback that reads every query and never answers; it counts them.</summary>
internal sealed class SilentResolver : IDisposable
{
    private readonly UdpClient socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;
    private int received;

    public SilentResolver()
    {
        reading = ReadAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)socket.Client.LocalEndPoint!;

    public int Received => Volatile.Read(ref received);

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        try
        {
            reading.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The read loop ends with the socket.
        }

        stop.Dispose();
    }

    private async Task ReadAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await socket.ReceiveAsync(stop.Token);
                Interlocked.Increment(ref received);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }
}
