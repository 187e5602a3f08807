using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Enrichment.Local.Host.Hosting;

/// <summary>Kestrel connection middleware: the connection's output goes through <see cref="ErrorBodyStream"/>.</summary>
internal static class ErrorBodyConnection
{
    public static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var transport = connection.Transport;
        var output = PipeWriter.Create(new ErrorBodyStream(transport.Output.AsStream(leaveOpen: true)), new StreamPipeWriterOptions(leaveOpen: true));
        connection.Transport = new DuplexPipe(transport.Input, output);
        try
        {
            await next(connection);
        }
        finally
        {
            await output.CompleteAsync();
            connection.Transport = transport;
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
