namespace Enrichment.Core.Providers.Http;

/// <summary>
/// The API key of one provider, read on the first call and kept for the provider's lifetime (one
/// instance per container, so one read per container). Concurrent batches wait for the one read.
/// A missing key is kept too (no further reads, no calls); a store that fails is asked again later.
/// </summary>
internal sealed class HttpProviderKey : IDisposable
{
    public const string PrefixVariable = "ENRICHMENT_PARAMETER_PREFIX";

    private readonly string _provider;
    private readonly HttpAuthDefinition? _auth;
    private readonly Func<string, string?> _environment;
    private readonly ISecretParameters? _secrets;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile HttpProviderKeyResult? _known;

    public HttpProviderKey(string provider, HttpAuthDefinition? auth, Func<string, string?> environment, ISecretParameters? secrets)
    {
        _provider = provider;
        _auth = auth;
        _environment = environment;
        _secrets = secrets;
        if (auth is null)
        {
            _known = new HttpProviderKeyResult(null, null, null);
        }
    }

    public async ValueTask<HttpProviderKeyResult> GetAsync(CancellationToken cancellationToken)
    {
        if (_known is { } result)
        {
            return result;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_known is { } again)
            {
                return again;
            }

            var (read, keep) = await ReadAsync(_auth!, cancellationToken);
            if (keep)
            {
                _known = read;
            }

            return read;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The parameter's full name; null when it is relative and the prefix variable is not set.</summary>
    public static string? ResolveParameter(string parameter, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(environment);
        if (parameter.StartsWith('/'))
        {
            return parameter;
        }

        var prefix = environment(PrefixVariable)?.Trim();
        if (string.IsNullOrEmpty(prefix))
        {
            return null;
        }

        var full = $"{prefix.TrimEnd('/')}/{parameter}";
        return full.StartsWith('/') ? full : "/" + full;
    }

    private async ValueTask<(HttpProviderKeyResult Result, bool Keep)> ReadAsync(HttpAuthDefinition definition, CancellationToken cancellationToken)
    {
        var variable = definition.EnvironmentVariable;
        if (variable is not null && _environment(variable) is { Length: > 0 } fromVariable)
        {
            return (new HttpProviderKeyResult(definition.Prefix + fromVariable, null, variable), true);
        }

        var alsoVariable = variable is null ? string.Empty : $" and the variable {variable} is not set";
        if (definition.Parameter is not { } parameter)
        {
            return (Rejected($"the API key variable {variable} is not set"), true);
        }

        if (ResolveParameter(parameter, _environment) is not { } name)
        {
            return (Rejected($"the API key parameter '{parameter}' is relative but {PrefixVariable} is not set{alsoVariable}"), true);
        }

        if (_secrets is null)
        {
            return (Rejected($"the API key parameter {name} cannot be read: no parameter store is configured{alsoVariable}"), true);
        }

        string? value;
        try
        {
            value = await _secrets.GetAsync(name, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The type only: a store's message adds nothing and should never be near a secret. Not kept: it may pass.
            return (new HttpProviderKeyResult(null, new HttpProviderFailure(HttpProviderFailure.Unavailable, $"{_provider}: the API key parameter {name} could not be read ({ex.GetType().Name})"), null), false);
        }

        return string.IsNullOrEmpty(value)
            ? (Rejected($"the API key parameter {name} does not exist{alsoVariable}"), true)
            : (new HttpProviderKeyResult(definition.Prefix + value, null, $"parameter {name}"), true);
    }

    private HttpProviderKeyResult Rejected(string reason) =>
        new(null, new HttpProviderFailure(HttpProviderFailure.Rejected, $"{_provider}: {reason}"), null);
}
