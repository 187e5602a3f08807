using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Enrichment.AwsBench;

/// <summary>
/// The <see cref="LatencyProxy"/> in a child process of its own, so its CPU and memory stay out of the
/// measured process's figures. It exits when its standard input closes (this process ended).
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ProxyProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<ProxyProcess> StartAsync(Uri target, int latencyMilliseconds, string sqs, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ProxyProcess).Assembly.Location);
        }

        foreach (var argument in new[] { "proxy", "--target", target.ToString(), "--latency-ms", latencyMilliseconds.ToString(CultureInfo.InvariantCulture), "--sqs", sqs })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the latency proxy");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"the latency proxy did not start: {line}");
        }

        return new ProxyProcess(process, new Uri(line["listening ".Length..]));
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(Endpoint, "__bench/reset"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<Dictionary<string, OperationTotals>> CountsAsync(CancellationToken cancellationToken)
    {
        var json = await _http.GetStringAsync(new Uri(Endpoint, "__bench/counts"), cancellationToken);
        return JsonSerializer.Deserialize(json, BenchJsonContext.Default.DictionaryStringOperationTotals) ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>The child's side: serve until standard input closes.</summary>
    /// <param name="sqs">moto (forward), local (<see cref="SqsStandIn"/> keeps the messages) or sink (it only acknowledges them).</param>
    public static async Task<int> ServeAsync(Uri target, int latencyMilliseconds, string sqs)
    {
        var standIn = sqs switch
        {
            "moto" => null,
            "sink" => new SqsStandIn(sink: true),
            _ => new SqsStandIn(sink: false),
        };
        await using var proxy = new LatencyProxy(target, TimeSpan.FromMilliseconds(latencyMilliseconds), standIn);
        await proxy.StartAsync(CancellationToken.None);
        await Console.Out.WriteLineAsync($"listening {proxy.Endpoint}");
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
