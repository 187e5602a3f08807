namespace Enrichment.Core.Services;

/// <summary>
/// Where services log. Messages carry ids, counts and exception types, never contact data, so a
/// sink may ship them anywhere.
/// </summary>
public interface ILogSink
{
    void Info(string message);

    void Warn(string message);

    void Error(string message);
}
