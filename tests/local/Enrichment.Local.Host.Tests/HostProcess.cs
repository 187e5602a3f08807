using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Enrichment.Local.Host.Tests;

/// <summary>Runs the built host (`enrichment.dll`) as a child process, the way a user runs it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _printed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stdout)
            {
                _stdout.AppendLine(e.Data);
            }

            _printed.TrySetResult();

            if (e.Data.StartsWith("listening on", StringComparison.Ordinal))
            {
                _listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public static string HostDll
    {
        get
        {
            // The project reference copies the host, its runtimeconfig and the state machine beside the tests.
            var dll = Path.Combine(AppContext.BaseDirectory, "enrichment.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("the host was not built beside the tests: " + dll);
        }
    }

    public static HostProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <summary>Starts the host with extra environment variables (an API key, say).</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(HostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the host"));
    }

    /// <summary>Runs a command to its end (bounded) and answers its exit code.</summary>
    public static async Task<HostProcess> RunAsync(TimeSpan timeout, params string[] args)
    {
        var host = Start(args);
        using var limit = new CancellationTokenSource(timeout);
        await host._process.WaitForExitAsync(limit.Token);
        host._process.WaitForExit();
        return host;
    }

    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(timeout));
        if (first != _listening.Task)
        {
            throw new InvalidOperationException($"the host did not start listening: {StandardError}");
        }
    }

    /// <summary>Waits (bounded) for the first line on standard output: the command is under way.</summary>
    public async Task WaitUntilPrintedAsync(TimeSpan timeout)
    {
        var first = await Task.WhenAny(_printed.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (first != _printed.Task)
        {
            throw new InvalidOperationException($"the host printed nothing: {StandardError}");
        }
    }

    /// <summary>SIGINT, as Ctrl+C sends it; answers once the process has exited.</summary>
    public async Task InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit();
    }

    /// <summary>Waits (bounded) for the process to end by itself (a kill point it reached) and answers its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as after a power cut.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
