namespace Enrichment.FakePersonApi;

/// <summary>What the fake API does to a request instead of (or before) answering it.</summary>
public enum FakeFault
{
    None,

    /// <summary>Waits <see cref="FakePersonApiState.Latency"/>, then answers normally.</summary>
    Latency,

    /// <summary>429 with <c>Retry-After: </c><see cref="FakePersonApiState.RetryAfterSeconds"/>.</summary>
    TooManyRequests,

    /// <summary>503.</summary>
    ServerError,

    /// <summary>Never answers (until the client gives up or 60 s pass).</summary>
    Timeout,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>401 whatever key was sent.</summary>
    Unauthorized,
}
