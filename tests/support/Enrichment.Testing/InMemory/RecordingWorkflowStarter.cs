using System.Collections.Concurrent;
using Enrichment.Core.Ports;
using Enrichment.Core.Workflow;

namespace Enrichment.Testing.InMemory;

public sealed class RecordingWorkflowStarter : IWorkflowStarter
{
    private readonly ConcurrentDictionary<string, PollerInput> _started = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, PollerInput> Started => _started;

    public Task StartAsync(string executionName, PollerInput input, CancellationToken cancellationToken)
    {
        _started.TryAdd(executionName, input);
        return Task.CompletedTask;
    }
}
