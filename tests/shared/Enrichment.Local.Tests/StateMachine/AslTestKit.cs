using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.StateMachine;

/// <summary>Runs small definitions with scripted task handlers and an instant wait scheduler that records each pause.</summary>
internal sealed class AslTestKit
{
    private readonly Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> _resources = new(StringComparer.Ordinal);

    public ManualTimeProvider Time { get; } = new();

    public RecordingWaits Waits { get; } = new();

    public List<(string Resource, string? Input)> Calls { get; } = [];

    /// <summary>Each call of <paramref name="resource"/> takes the next scripted outcome: a JSON result or an exception.</summary>
    public AslTestKit Script(string resource, params object[] outcomes)
    {
        var queue = new Queue<object>(outcomes);
        _resources[resource] = (input, _) =>
        {
            Calls.Add((resource, input?.ToJsonString()));
            var next = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            return next switch
            {
                Exception exception => Task.FromException<JsonNode?>(exception),
                string json => Task.FromResult(JsonNode.Parse(json)),
                _ => throw new InvalidOperationException("script outcomes are JSON strings or exceptions"),
            };
        };
        return this;
    }

    /// <summary>The handler registered for <paramref name="resource"/> (to wire it into another runner).</summary>
    public Func<JsonNode?, CancellationToken, Task<JsonNode?>> Resource(string resource) => _resources[resource];

    public bool Has(string resource) => _resources.ContainsKey(resource);

    public AslTestKit Handle(string resource, Func<JsonNode?, CancellationToken, Task<JsonNode?>> handler)
    {
        _resources[resource] = handler;
        return this;
    }

    public LocalStateMachineRunner Runner(string definition) =>
        new(AslDefinition.Parse(definition), _resources, Time, Waits);

    public Task<AslExecutionResult> RunAsync(string definition, string input = "{}") =>
        Runner(definition).RunAsync("exec-1", JsonNode.Parse(input), CancellationToken.None);

    /// <summary>Pauses return at once; the requested durations are kept for assertions.</summary>
    internal sealed class RecordingWaits : IAslWaitScheduler
    {
        public List<TimeSpan> Requested { get; } = [];

        public List<string> Forgotten { get; } = [];

        public Task WaitAsync(string executionName, TimeSpan duration, CancellationToken cancellationToken)
        {
            Requested.Add(duration);
            return Task.CompletedTask;
        }

        public void Forget(string executionName) => Forgotten.Add(executionName);
    }
}
