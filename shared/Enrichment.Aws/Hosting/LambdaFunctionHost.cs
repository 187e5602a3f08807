using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Enrichment.Aws.Configuration;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.Logging;
using Enrichment.Lambda.RuntimeSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Aws.Hosting;

/// <summary>
/// Behind every function's <c>Program.cs</c>: in Lambda's init phase, the services of the container
/// are built from the environment Terraform sets, the handler is resolved from them, and the
/// bootstrap serves invocations with it until the sandbox stops.
/// </summary>
public static class LambdaFunctionHost
{
    /// <summary>The whole life of a function's process; returns its exit code.</summary>
    /// <param name="inputType">Reads the event (source-generated, so the Native AOT binary needs no reflection).</param>
    /// <param name="outputType">Writes the handler's response.</param>
    public static Task<int> RunAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler, TInput, TOutput>(
        JsonTypeInfo<TInput> inputType,
        JsonTypeInfo<TOutput> outputType)
        where THandler : class, ILambdaHandler<TInput, TOutput>
    {
        // One logger for the bootstrap and the services: the bootstrap's request scope reaches every line.
        var logger = StructuredLogger.ForLambda(Environment.GetEnvironmentVariable, TimeProvider.System);
        return LambdaBootstrap.RunAsync(
            // A missing or malformed setting throws here, in the init phase, and is reported to /init/error.
            _ => Task.FromResult<Func<TInput, ILambdaContext, CancellationToken, Task<TOutput>>>(
                Build<THandler>(Environment.GetEnvironmentVariable, logger).HandleAsync),
            inputType,
            outputType,
            new LambdaBootstrapOptions { Logger = logger });
    }

    /// <summary>
    /// A handler on the AWS adapters, registered and built as every host builds handlers: one
    /// singleton of <typeparamref name="THandler"/> in the service collection. The provider lives as
    /// long as the process (one container serves many invocations).
    /// </summary>
    private static THandler Build<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(Func<string, string?> environment, ILogger logger)
        where THandler : class =>
        new ServiceCollection()
            .AddEnrichmentAws(environment, logger)
            .AddSingleton<THandler>()
            .BuildServiceProvider()
            .GetRequiredService<THandler>();
}
