using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Enrichment.Testing.Lambda;

/// <summary>
/// A function's bootstrap running as a child process against a <see cref="FakeLambdaRuntimeApi"/>,
/// with its stdout and stderr collected for assertions and diagnostics. Dispose kills it if still running.
/// </summary>
/// <example>
/// <code>
/// await using var api = await FakeLambdaRuntimeApi.StartAsync();
/// await using var function = LambdaFunctionProcess.StartExecutable("artifacts/worker/bootstrap", api.RuntimeApi, ("ENRICHMENT_TABLE", "t"));
/// var result = await api.InvokeAsync(sqsEventJson, TimeSpan.FromSeconds(30));
/// </code>
/// </example>
public sealed class LambdaFunctionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LambdaFunctionProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved by line.</summary>
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

    /// <summary>Runs a framework-dependent function with <c>dotnet &lt;dll&gt;</c> (DOTNET_HOST_PATH when set).</summary>
    public static LambdaFunctionProcess StartDll(string dllPath, string runtimeApi, params (string Name, string Value)[] environment) =>
        Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dllPath], runtimeApi, environment);

    /// <summary>Runs a published executable such as a <c>bootstrap</c> (native AOT or self-contained).</summary>
    public static LambdaFunctionProcess StartExecutable(string executablePath, string runtimeApi, params (string Name, string Value)[] environment) =>
        Start(executablePath, [], runtimeApi, environment);

    /// <summary>
    /// Starts <paramref name="fileName"/> with AWS_LAMBDA_RUNTIME_API set to <paramref name="runtimeApi"/>,
    /// AWS_LAMBDA_FUNCTION_NAME to "test-function" and LOG_LEVEL to DEBUG unless <paramref name="environment"/> says otherwise.
    /// </summary>
    public static LambdaFunctionProcess Start(string fileName, IEnumerable<string> arguments, string runtimeApi, params (string Name, string Value)[] environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "test-function";
        start.Environment["LOG_LEVEL"] = "DEBUG";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var function = new LambdaFunctionProcess(process);
        process.OutputDataReceived += (_, line) => function.Append(line.Data);
        process.ErrorDataReceived += (_, line) => function.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"The function did not exit within {timeout.TotalSeconds:0.#} s. Output:\n{Output}", exception);
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as Lambda does when it shuts a sandbox down.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(timeout);
    }

    /// <summary>Kills the process (and its children) if it still runs, and waits for it to go.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to kill.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
