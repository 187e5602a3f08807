using Amazon.DynamoDBv2.Model;

namespace Enrichment.Aws.DynamoDb;

/// <summary>Small helpers for the low-level AttributeValue maps (no object persistence model: AOT).</summary>
internal static class AttributeValues
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Time(DateTimeOffset value) => new() { S = value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };

    public static AttributeValue Epoch(DateTimeOffset value) => N(value.ToUnixTimeSeconds());

    public static AttributeValue List(IEnumerable<string> values) => new() { L = values.Select(S).ToList() };

    public static string? GetString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.NULL != true ? value.S : null;

    public static string RequireString(this Dictionary<string, AttributeValue> item, string name) =>
        item.GetString(name) ?? throw new InvalidDataException($"Control table item lacks attribute '{name}'.");

    public static long GetLong(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } number ? long.Parse(number, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;

    public static DateTimeOffset? GetTime(this Dictionary<string, AttributeValue> item, string name) =>
        item.GetString(name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    public static IReadOnlyList<string> GetList(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.L is { } list ? list.Select(entry => entry.S ?? string.Empty).ToArray() : [];
}
