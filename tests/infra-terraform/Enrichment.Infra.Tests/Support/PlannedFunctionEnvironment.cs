using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Enrichment.Testing.Moto;

namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// What a planned function will run with: its environment from `terraform show -json`, re-pointed at a moto
/// server (endpoint, region and dummy credentials only), and the planned control table created in that moto.
/// </summary>
public static class PlannedFunctionEnvironment
{
    /// <summary>The planned environment variables of function "&lt;prefix&gt;-<paramref name="function"/>".</summary>
    public static IReadOnlyDictionary<string, string> Of(JsonDocument plan, string function)
    {
        var planned = TerraformResource.OfType(plan, "aws_lambda_function")
            .Single(f => f.Text("function_name")!.Split('-', 3)[2] == function);
        return planned.Get("environment")[0].GetProperty("variables").EnumerateObject()
            .Where(v => v.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(v => v.Name, v => v.Value.GetString()!, StringComparer.Ordinal);
    }

    /// <summary>The planned variables as given, plus what makes the SDK reach moto instead of AWS.</summary>
    public static (string Name, string Value)[] PointedAt(MotoServer moto, IReadOnlyDictionary<string, string> planned) =>
    [
        .. planned.Select(v => (v.Key, v.Value)),
        ("AWS_REGION", moto.Region),
        ("AWS_DEFAULT_REGION", moto.Region),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_SESSION_TOKEN", "test"),
        ("AWS_ENDPOINT_URL", moto.Endpoint.ToString()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ];

    /// <summary>Creates the table the plan declares under <paramref name="tableName"/> (same keys) in moto.</summary>
    public static async Task CreateControlTableAsync(JsonDocument plan, string tableName, MotoServer moto)
    {
        var table = TerraformResource.OfType(plan, "aws_dynamodb_table").Single(t => t.Text("name") == tableName);
        var keys = new List<KeySchemaElement> { new(table.Text("hash_key"), KeyType.HASH) };
        if (!string.IsNullOrEmpty(table.Text("range_key")))
        {
            keys.Add(new KeySchemaElement(table.Text("range_key"), KeyType.RANGE));
        }

        using var dynamo = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = moto.Region });
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = table.Get("attribute").EnumerateArray()
                .Select(a => new AttributeDefinition(a.GetProperty("name").GetString(), new ScalarAttributeType(a.GetProperty("type").GetString())))
                .ToList(),
            KeySchema = keys,
        });
    }
}
