using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Enrichment.Testing.Moto;

/// <summary>
/// A moto server (AWS emulator) on a free 127.0.0.1 port, started for a fixture and killed on dispose.
/// Fails with install instructions when <c>python3 -m moto.server</c> is not available.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    public const string InstallHint =
        "moto server is required: install it with `python3 -m pip install \"moto[server]==5.2.1\"` (python3 must be on PATH).";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private MotoServer(Process process, Uri endpoint, StringBuilder output)
    {
        _process = process;
        Endpoint = endpoint;
        _output = output;
    }

    /// <summary>http://127.0.0.1:PORT/ (service URL for every AWS client and for /moto-api).</summary>
    public Uri Endpoint { get; }

    public string Region => "us-east-1";

    public string AccountId => "123456789012";

    /// <summary>Everything moto wrote so far (for diagnosing a failing test).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="environment">Extra variables for the server process (e.g. INITIAL_NO_AUTH_ACTION_COUNT).</param>
    public static async Task<MotoServer> StartAsync(TimeSpan? startupTimeout = null, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var output = new StringBuilder();
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException(InstallHint);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(InstallHint, exception);
        }

        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new MotoServer(process, new Uri($"http://127.0.0.1:{port}/"), output);
        try
        {
            await server.WaitUntilReadyAsync(startupTimeout ?? TimeSpan.FromSeconds(40), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Wipes every resource moto holds (between tests of one fixture).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsync(new Uri("moto-api/reset", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>POSTs JSON to a /moto-api route (e.g. "moto-api/config").</summary>
    public async Task PostMotoApiAsync(string relativePath, string json, CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(relativePath, UriKind.Relative), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto {relativePath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Did not exit in time; the OS reaps it with the test host.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 200_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var probe = new Uri(Endpoint, "moto-api/data.json");
        for (var attempt = 0; attempt < 400 && deadline.Elapsed < timeout; attempt++)
        {
            if (_process.HasExited)
            {
                // Give the async readers a moment to collect the reason, then fail with the hint.
                _process.WaitForExit(2000);
                var output = Output;
                throw new InvalidOperationException(
                    (output.Contains("No module named", StringComparison.Ordinal) ? InstallHint : "moto server exited during startup.")
                    + Environment.NewLine + output);
            }

            try
            {
                using var response = await client.GetAsync(probe, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Probe timed out; try again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"moto server did not answer on {Endpoint} within {timeout}. {InstallHint}{Environment.NewLine}{Output}");
    }
}
