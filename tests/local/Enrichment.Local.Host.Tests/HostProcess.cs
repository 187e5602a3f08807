using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Enrichment.Local.Host.Tests;

/// <summary>Runs the built host (`enrichment.dll`) as a child process, the way a user runs it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource printed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            printed.TrySetResult();

            if (e.Data.StartsWith("listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
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
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public int ExitCode => process.ExitCode;

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
        await host.process.WaitForExitAsync(limit.Token);
        host.process.WaitForExit();
        return host;
    }

    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(timeout));
        if (first != listening.Task)
        {
            throw new InvalidOperationException($"the host did not start listening: {StandardError}");
        }
    }

    /// <summary>Waits (bounded) for the first line on standard output: the command is under way.</summary>
    public async Task WaitUntilPrintedAsync(TimeSpan timeout)
    {
        var first = await Task.WhenAny(printed.Task, process.WaitForExitAsync(), Task.Delay(timeout));
        if (first != printed.Task)
        {
            throw new InvalidOperationException($"the host printed nothing: {StandardError}");
        }
    }

    /// <summary>SIGINT, as Ctrl+C sends it; answers once the process has exited.</summary>
    public async Task InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(limit.Token);
        process.WaitForExit();
    }

    /// <summary>Waits (bounded) for the process to end by itself (a kill point it reached) and answers its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(limit.Token);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as after a power cut.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
