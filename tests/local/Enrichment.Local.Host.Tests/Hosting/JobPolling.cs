using System.Text.Json;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>What a client of `serve` does: read JSON answers and poll a job's status until it ends.</summary>
internal static class JobPolling
{
    /// <summary>Polls every 100 ms (a status endpoint has no signal to await), for at most <paramref name="limit"/>.</summary>
    public static async Task<JsonElement> WaitForFinishAsync(HttpClient http, string statusUrl, TimeSpan? limit = null)
    {
        var polls = (int)((limit ?? TimeSpan.FromMinutes(1)).TotalMilliseconds / 100);
        for (var attempt = 0; attempt < polls; attempt++)
        {
            var status = await ReadJsonAsync(await http.GetAsync(new Uri(statusUrl, UriKind.RelativeOrAbsolute)));
            if (status.GetProperty("status").GetString() is "completed" or "completed_with_errors" or "failed")
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the job did not finish within {limit ?? TimeSpan.FromMinutes(1)}");
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
