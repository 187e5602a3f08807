using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Enrichment.Testing.Dns;

/// <summary>
/// A real dnsmasq on loopback, on a free port, forwarding nothing and answering for .com names only:
/// under example.com (reserved by RFC 2606; addresses need a real TLD to be valid at all) an MX, a
/// null MX (RFC 7505), A-only, AAAA-only and neither; an MX for gmail.com and googlemail.com, so
/// that the entry points' tests can mix the big providers in; NXDOMAIN for every other .com name.
/// .ci/run installs dnsmasq; the fixture starts it itself and stops it after the tests. Shared by the
/// mx provider's unit tests and the entry points' tests (enrich, serve, the API function).
/// </summary>
public sealed class Dnsmasq : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/dnsmasq";
    private const int StartAttempts = 5;

    private readonly Process _process;
    private readonly string _directory;

    private Dnsmasq(Process process, string directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public static async Task<Dnsmasq> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"dnsmasq is needed for the mx provider's tests and is not installed ({Binary}): apt-get install -y dnsmasq-base (as .ci/run does)");
        }

        // The free port is probed, then released for dnsmasq to bind: another test process may take
        // it in between (test projects run at once), so a start that loses the race tries a new port.
        string? lastError = null;
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            var (started, error) = await TryStartAsync(FreePort());
            if (started is not null)
            {
                return started;
            }

            lastError = error;
        }

        throw new InvalidOperationException($"dnsmasq did not start on loopback in {StartAttempts} tries: {lastError}");
    }

    private static async Task<(Dnsmasq? Started, string? Error)> TryStartAsync(int port)
    {
        var directory = Directory.CreateTempSubdirectory("dnsmasq-").FullName;
        var config = Path.Combine(directory, "dnsmasq.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"port={port}",
            "listen-address=127.0.0.1",
            "bind-interfaces",
            "no-resolv",
            "no-hosts",
            "no-poll",
            "local=/com/",
            "mx-host=gmail.com,gmail-smtp-in.l.google.com,5",
            "mx-host=googlemail.com,gmail-smtp-in.l.google.com,5",
            "mx-host=mx.example.com,mail.mx.example.com,10",
            "mx-host=mx.example.com,backup.mx.example.com,20",
            "dns-rr=nullmx.example.com,15,000000",
            "host-record=aonly.example.com,192.0.2.10",
            "host-record=aaaaonly.example.com,2001:db8::10",
            "txt-record=nomail.example.com,no mail here",
        ]);

        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--keep-in-foreground", "--log-facility=-", $"--conf-file={config}", "--pid-file=" + Path.Combine(directory, "pid"), "--user=root" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start");
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? lastLine = null;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                started.TrySetResult(false);
            }
            else if (e.Data.Contains("started, version", StringComparison.Ordinal))
            {
                started.TrySetResult(true);
            }
            else
            {
                lastLine = e.Data;
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (await started.Task.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            return (new Dnsmasq(process, directory, new IPEndPoint(IPAddress.Loopback, port)), null);
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        process.Dispose();
        Directory.Delete(directory, recursive: true);
        return (null, lastLine ?? "it exited without a word");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A port free for both UDP and TCP on loopback (dnsmasq listens on both).</summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }

        throw new InvalidOperationException("no free port for dnsmasq");
    }
}
