using System.Collections.Concurrent;
using Enrichment.Core.Workflow;
using Enrichment.Local.StateMachine;

namespace Enrichment.Local.Workflow;

/// <summary>
/// The workflow port on the local ASL runner. Executions are recorded in SQLite before they run, so
/// a host that stops (or is killed) resumes unfinished ones from their input with
/// <see cref="ResumeUnfinishedAsync"/>; that is safe because the poller's tasks are idempotent.
/// Like StartExecution, a name already used with the same input is a no-op, and with another input an error.
/// </summary>
public sealed class LocalWorkflowStarter : IWorkflowStarter, IAsyncDisposable
{
    public const string FileName = "workflows.db";

    private readonly SqliteDatabase _database;
    private readonly LocalStateMachineRunner _runner;
    private readonly TimeProvider _time;
    private readonly Action<string, Exception>? _onError;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<LocalExecutionRecord>> _finished = new(StringComparer.Ordinal);

    /// <param name="onError">Told when an execution crashed outside the state machine's own error handling.</param>
    public LocalWorkflowStarter(string dataDirectory, LocalStateMachineRunner runner, TimeProvider time, Action<string, Exception>? onError = null)
    {
        _database = new SqliteDatabase(Path.Combine(dataDirectory, FileName), SqliteSchema.Read("workflows.sql"));
        _runner = runner;
        _time = time;
        _onError = onError;
    }

    /// <summary>The executions running in this process now.</summary>
    public IEnumerable<string> Running => _running.Keys;

    public async Task StartAsync(string executionName, PollerInput input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionName);
        var json = JsonSerializer.Serialize(input, EnrichmentJsonContext.Default.PollerInput);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var existing = await _database.WriteAsync(
            s =>
            {
                var inserted = s.Execute(
                    "INSERT INTO executions(name, input, status, started_at) VALUES($1, $2, 'running', $3) ON CONFLICT(name) DO NOTHING;",
                    executionName, json, now);
                return inserted == 1 ? null : s.Scalar("SELECT input FROM executions WHERE name = $1;", executionName) as string;
            },
            cancellationToken);

        if (existing is null)
        {
            Launch(executionName, json);
        }
        else if (existing != json)
        {
            throw new InvalidOperationException($"ExecutionAlreadyExists: execution '{executionName}' was started with another input");
        }
    }

    /// <summary>Starts again every execution recorded as running (after a restart); answers how many.</summary>
    public Task<int> ResumeUnfinishedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var unfinished = _database.Read(s => s.Query("SELECT name, input FROM executions WHERE status = 'running';", r => (r.GetString(0), r.GetString(1))));
        var resumed = 0;
        foreach (var (name, input) in unfinished)
        {
            if (Launch(name, input))
            {
                resumed++;
            }
        }

        return Task.FromResult(resumed);
    }

    public Task<LocalExecutionRecord?> GetAsync(string executionName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(executionName));
    }

    /// <summary>Waits until the execution has finished and answers its record.</summary>
    public async Task<LocalExecutionRecord> WaitForCompletionAsync(string executionName, CancellationToken cancellationToken)
    {
        var completion = _finished.GetOrAdd(executionName, _ => new TaskCompletionSource<LocalExecutionRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
        var record = Read(executionName) ?? throw new InvalidOperationException($"no execution named '{executionName}'");
        if (record.Status != LocalExecutionStatus.Running)
        {
            return record;
        }

        return await completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops running executions without finishing them (they stay "running" and resume on the next start).</summary>
    public async ValueTask DisposeAsync()
    {
        // A container that hands this out under two service types disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values);
        }
        catch (OperationCanceledException)
        {
            // Expected: executions were abandoned on purpose.
        }

        _database.Dispose();
        _shutdown.Dispose();
    }

    private int _disposed;

    private bool Launch(string name, string input)
    {
        var started = false;
        _running.GetOrAdd(name, key =>
        {
            started = true;
            return Task.Run(() => RunAsync(key, input), CancellationToken.None);
        });
        return started;
    }

    private async Task RunAsync(string name, string input)
    {
        try
        {
            var result = await _runner.RunAsync(name, JsonNode.Parse(input), _shutdown.Token);
            var status = result.Status switch
            {
                AslExecutionStatus.Succeeded => "succeeded",
                AslExecutionStatus.TimedOut => "timed_out",
                _ => "failed",
            };
            await FinishAsync(name, status, result.Output?.ToJsonString(), result.Error, result.Cause, result.StatesEntered);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Host stopping: the record stays running and is resumed next time.
        }
#pragma warning disable CA1031 // A crashed execution is recorded as failed, never lost.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _onError?.Invoke(name, exception);
            await FinishAsync(name, "failed", null, exception.GetType().Name, exception.Message, []);
        }
        finally
        {
            _running.TryRemove(name, out _);
        }
    }

    private async Task FinishAsync(string name, string status, string? output, string? error, string? cause, IReadOnlyList<string> states)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var statesJson = new JsonArray([.. states.Select(s => (JsonNode)JsonValue.Create(s))]).ToJsonString();
        await _database.WriteAsync(
            s => s.Execute(
                "UPDATE executions SET status = $2, output = $3, error = $4, cause = $5, finished_at = $6, states = $7 WHERE name = $1;",
                name, status, output, error, cause, now, statesJson),
            CancellationToken.None);
        var record = Read(name)!;
        _finished.GetOrAdd(name, _ => new TaskCompletionSource<LocalExecutionRecord>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(record);
    }

    private LocalExecutionRecord? Read(string name)
    {
        var rows = _database.Read(s => s.Query(
            "SELECT name, input, status, output, error, cause, started_at, finished_at, states FROM executions WHERE name = $1;",
            r => new LocalExecutionRecord(
                r.GetString(0),
                r.GetString(1),
                r.GetString(2) switch
                {
                    "running" => LocalExecutionStatus.Running,
                    "succeeded" => LocalExecutionStatus.Succeeded,
                    "timed_out" => LocalExecutionStatus.TimedOut,
                    _ => LocalExecutionStatus.Failed,
                },
                r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
                r.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
                r.IsDBNull(8) ? [] : JsonNode.Parse(r.GetString(8))!.AsArray().Select(n => n!.GetValue<string>()).ToList()),
            name));
        return rows.Count == 0 ? null : rows[0];
    }
}
