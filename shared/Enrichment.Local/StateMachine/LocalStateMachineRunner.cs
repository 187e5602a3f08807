namespace Enrichment.Local.StateMachine;

/// <summary>
/// Runs a loaded ASL definition: Task states call C# delegates chosen by their Resource string,
/// with Retry and Catch as the service applies them; paths and templates are applied in the
/// service's order (InputPath, Parameters, task, ResultSelector, ResultPath, OutputPath).
/// Pauses go through an <see cref="IAslWaitScheduler"/> so a host can shorten them.
/// </summary>
public sealed class LocalStateMachineRunner
{
    private readonly AslDefinition _definition;
    private readonly IReadOnlyDictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> _resources;
    private readonly TimeProvider _time;
    private readonly IAslWaitScheduler _waits;
    private readonly string _stateMachineName;

    /// <param name="resources">A delegate for every Resource the definition names; checked here, at load.</param>
    public LocalStateMachineRunner(
        AslDefinition definition,
        IReadOnlyDictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> resources,
        TimeProvider time,
        IAslWaitScheduler? waits = null,
        string stateMachineName = "enrichment")
    {
        foreach (var state in definition.States.Values.Where(s => s.Type == AslStateType.Task))
        {
            if (!resources.ContainsKey(state.Resource!))
            {
                throw new AslUnsupportedException($"state '{state.Name}': no local handler for Resource '{state.Resource}'");
            }
        }

        _definition = definition;
        _resources = resources;
        _time = time;
        _waits = waits ?? new AslWaitScheduler(time);
        _stateMachineName = stateMachineName;
    }

    /// <summary>Transitions allowed before the execution fails (a runaway loop guard; the service caps history at 25,000 events).</summary>
    public int MaxTransitions { get; init; } = 100_000;

    /// <summary>
    /// Runs one execution to its end. Cancelling <paramref name="cancellationToken"/> abandons it
    /// (OperationCanceledException), leaving the caller free to start it again later.
    /// </summary>
    public async Task<AslExecutionResult> RunAsync(string executionName, JsonNode? input, CancellationToken cancellationToken)
    {
        var entered = new List<string>();
        var context = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = $"arn:aws:states:local:000000000000:execution:{_stateMachineName}:{executionName}",
                ["Name"] = executionName,
                ["StartTime"] = Timestamp(_time.GetUtcNow()),
                ["Input"] = input?.DeepClone(),
            },
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = $"arn:aws:states:local:000000000000:stateMachine:{_stateMachineName}",
                ["Name"] = _stateMachineName,
            },
            ["State"] = new JsonObject(),
        };

        using var timeout = _definition.TimeoutSeconds is { } seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), _time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;

        var data = input?.DeepClone();
        var current = _definition.StartAt;
        try
        {
            for (var transition = 0; transition < MaxTransitions; transition++)
            {
                var state = _definition.States[current];
                entered.Add(state.Name);
                context["State"] = new JsonObject
                {
                    ["Name"] = state.Name,
                    ["EnteredTime"] = Timestamp(_time.GetUtcNow()),
                    ["RetryCount"] = 0,
                };

                if (state.Type == AslStateType.Fail)
                {
                    return new AslExecutionResult(AslExecutionStatus.Failed, null, state.Error, state.Cause, entered);
                }

                var (next, output) = await ExecuteAsync(executionName, state, data, context, token);
                if (next is null)
                {
                    return new AslExecutionResult(AslExecutionStatus.Succeeded, output, null, null, entered);
                }

                data = output;
                current = next;
            }

            return new AslExecutionResult(AslExecutionStatus.Failed, null, AslErrors.Runtime, $"more than {MaxTransitions} transitions", entered);
        }
        catch (AslStateFailure failure)
        {
            return new AslExecutionResult(AslExecutionStatus.Failed, null, failure.Error, failure.Cause, entered);
        }
        catch (AslErrorException error) when (error.Error == AslErrors.Runtime)
        {
            return new AslExecutionResult(AslExecutionStatus.Failed, null, error.Error, error.Cause, entered);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new AslExecutionResult(AslExecutionStatus.TimedOut, null, AslErrors.Timeout, "The execution timed out", entered);
        }
        finally
        {
            _waits.Forget(executionName);
        }
    }

    private async Task<(string? Next, JsonNode? Output)> ExecuteAsync(
        string executionName,
        AslState state,
        JsonNode? data,
        JsonObject context,
        CancellationToken cancellationToken)
    {
        switch (state.Type)
        {
            case AslStateType.Pass:
            {
                var effective = ApplyInputPath(state, data);
                var result = state.HasResult ? state.Result?.DeepClone() : state.Parameters?.Evaluate(effective, context) ?? effective;
                return (state.Next, ApplyOutputPath(state, ApplyResultPath(state.ResultPath, data, result)));
            }

            case AslStateType.Wait:
            {
                var effective = ApplyInputPath(state, data);
                await _waits.WaitAsync(executionName, WaitDuration(state, effective), cancellationToken);
                return (state.Next, ApplyOutputPath(state, effective));
            }

            case AslStateType.Choice:
            {
                var effective = ApplyInputPath(state, data);
                var next = state.Choices.FirstOrDefault(rule => rule.Evaluate(effective, context))?.Next
                    ?? state.Default
                    ?? throw new AslStateFailure("States.NoChoiceMatched", $"No Choice rule matched and no Default in state '{state.Name}'");
                return (next, ApplyOutputPath(state, effective));
            }

            case AslStateType.Succeed:
                return (null, ApplyOutputPath(state, ApplyInputPath(state, data)));

            case AslStateType.Task:
                return await ExecuteTaskAsync(executionName, state, data, context, cancellationToken);

            default:
                throw new AslUnsupportedException($"state '{state.Name}': type {state.Type} cannot run");
        }
    }

    private async Task<(string? Next, JsonNode? Output)> ExecuteTaskAsync(
        string executionName,
        AslState state,
        JsonNode? data,
        JsonObject context,
        CancellationToken cancellationToken)
    {
        var effective = ApplyInputPath(state, data);
        var parameters = state.Parameters?.Evaluate(effective, context) ?? effective;
        var handler = _resources[state.Resource!];
        var attempts = new int[state.Retry.Count];
        var retries = 0;

        // Bounded: each pass either returns, throws, or spends one of the retriers' finite attempts.
        for (var pass = 0; pass <= state.Retry.Sum(r => r.MaxAttempts); pass++)
        {
            ((JsonObject)context["State"]!)["RetryCount"] = retries;
            string error;
            string? cause;
            try
            {
                var raw = await InvokeAsync(state, handler, parameters, cancellationToken);
                var selected = state.ResultSelector is null ? raw : state.ResultSelector.Evaluate(raw, context);
                return (state.Next, ApplyOutputPath(state, ApplyResultPath(state.ResultPath, data, selected)));
            }
            catch (AslErrorException exception) when (exception.Error != AslErrors.Runtime)
            {
                (error, cause) = (exception.Error, exception.Cause);
            }
            catch (TaskTimeoutException)
            {
                (error, cause) = (AslErrors.Timeout, $"Task '{state.Name}' timed out after {state.TimeoutSeconds} seconds");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (AslErrorException)
            {
                throw;
            }
#pragma warning disable CA1031 // Any task failure is an ASL error for Retry/Catch to judge.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                (error, cause) = (exception.GetType().Name, exception.Message);
            }

            var retrier = -1;
            for (var i = 0; i < state.Retry.Count; i++)
            {
                if (AslErrors.Matches(state.Retry[i].ErrorEquals, error))
                {
                    retrier = i;
                    break;
                }
            }

            if (retrier >= 0 && attempts[retrier] < state.Retry[retrier].MaxAttempts)
            {
                var delay = state.Retry[retrier].DelayBefore(attempts[retrier]);
                attempts[retrier]++;
                retries++;
                await _waits.WaitAsync(executionName, delay, cancellationToken);
                continue;
            }

            var catcher = state.Catch.FirstOrDefault(c => AslErrors.Matches(c.ErrorEquals, error));
            if (catcher is null)
            {
                throw new AslStateFailure(error, cause);
            }

            var errorOutput = new JsonObject { ["Error"] = error, ["Cause"] = cause };
            var output = catcher.DiscardResult ? data?.DeepClone() : catcher.ResultPath!.Set(data, errorOutput);
            return (catcher.Next, output);
        }

        throw new AslStateFailure(AslErrors.Runtime, $"state '{state.Name}' exhausted its retries");
    }

    private async Task<JsonNode?> InvokeAsync(
        AslState state,
        Func<JsonNode?, CancellationToken, Task<JsonNode?>> handler,
        JsonNode? parameters,
        CancellationToken cancellationToken)
    {
        if (state.TimeoutSeconds is not { } seconds)
        {
            return await handler(parameters?.DeepClone(), cancellationToken);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await handler(parameters?.DeepClone(), linked.Token).WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TaskTimeoutException();
        }
    }

    private TimeSpan WaitDuration(AslState state, JsonNode? input)
    {
        if (state.Seconds is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (state.SecondsPath is { } secondsPath)
        {
            if (!secondsPath.TryGet(input, out var value) || value is not JsonValue v || !v.TryGetValue<double>(out var number) || number < 0)
            {
                throw new AslErrorException(AslErrors.Runtime, $"SecondsPath '{secondsPath.Text}' of state '{state.Name}' is not a non-negative number");
            }

            return TimeSpan.FromSeconds(number);
        }

        DateTimeOffset until;
        if (state.Timestamp is { } timestamp)
        {
            until = timestamp;
        }
        else if (state.TimestampPath!.TryGet(input, out var node) && node is JsonValue tv && tv.TryGetValue<string>(out var text))
        {
            until = AslDefinition.ParseTimestamp(text, $"state '{state.Name}' TimestampPath");
        }
        else
        {
            throw new AslErrorException(AslErrors.Runtime, $"TimestampPath '{state.TimestampPath.Text}' of state '{state.Name}' is not a timestamp");
        }

        var left = until - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static JsonNode? ApplyInputPath(AslState state, JsonNode? data) => Select(state.InputPath, data, state.Name, "InputPath");

    private static JsonNode? ApplyOutputPath(AslState state, JsonNode? data) => Select(state.OutputPath, data, state.Name, "OutputPath");

    private static JsonNode? Select(JsonPath? path, JsonNode? data, string stateName, string field)
    {
        if (path is null)
        {
            return new JsonObject();
        }

        if (path.IsRoot)
        {
            return data;
        }

        return path.TryGet(data, out var value)
            ? value?.DeepClone()
            : throw new AslErrorException(AslErrors.Runtime, $"Invalid path '{path.Text}' : No results for path: {field} of state '{stateName}'");
    }

    private static JsonNode? ApplyResultPath(JsonPath? resultPath, JsonNode? data, JsonNode? result) =>
        resultPath is null ? data : resultPath.Set(data, result);

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class TaskTimeoutException : Exception;
}
