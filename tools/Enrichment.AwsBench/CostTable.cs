using System.Globalization;
using System.Text.Json.Nodes;
using Enrichment.Core.Costs;

namespace Enrichment.AwsBench;

/// <summary>The estimate's AWS lines beside the counted ones (the status's <c>cost</c>), item by item.</summary>
public static class CostTable
{
    public static async Task WriteAsync(TextWriter output, JobCost estimate, JsonNode counted, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lines = counted["aws"]!.AsArray().ToDictionary(line => line!["item"]!.GetValue<string>(), line => line!, StringComparer.Ordinal);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {"item",-58} {"estimate",14} {"$",10} {"counted",14} {"$",10}"));
        foreach (var line in estimate.Aws)
        {
            var count = lines.GetValueOrDefault(line.Item);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {line.Item,-58} {line.Quantity,14:N1} {line.Usd,10:N5} {count?["quantity"]?.GetValue<decimal>(),14:N1} {count?["usd"]?.GetValue<decimal>(),10:N5}"));
        }

        foreach (var (item, line) in lines.Where(pair => estimate.Aws.All(e => e.Item != pair.Key)))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {item,-58} {"",14} {"",10} {line["quantity"]!.GetValue<decimal>(),14:N1} {line["usd"]!.GetValue<decimal>(),10:N5}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {"AWS total",-58} {"",14} {estimate.AwsUsd,10:N5} {"",14} {counted["awsUsd"]!.GetValue<decimal>(),10:N5}"));
    }
}
