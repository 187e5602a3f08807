using System.Text.Json.Nodes;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>How a planned policy is rendered for moto: resources mapped, and only moto's known gaps bridged.</summary>
[TestFixture]
public sealed class MotoPolicyTests
{
    private const string Planned = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"ControlTable","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:UpdateItem"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/enrichment-dev-control"},
          {"Sid":"SendBatches","Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:enrichment-dev-batches"},
          {"Sid":"ReportGivenUpSplits","Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:enrichment-dev-batches-dlq"},
          {"Sid":"JobObjects","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::enrichment-dev-bucket/jobs/*"]},
          {"Sid":"ListJobObjects","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::enrichment-dev-bucket","Condition":{"StringLike":{"s3:prefix":["jobs/*"]}}},
          {"Sid":"Logs","Effect":"Allow","Action":"logs:PutLogEvents","Resource":"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*"}
        ]}
        """;

    private static readonly Dictionary<string, string> Resources = new()
    {
        ["arn:aws:dynamodb:us-east-1:123456789012:table/enrichment-dev-control"] = "arn:aws:dynamodb:us-east-1:123456789012:table/control-1",
        ["arn:aws:sqs:us-east-1:123456789012:enrichment-dev-batches"] = "arn:aws:sqs:us-east-1:123456789012:batches-1",
        ["arn:aws:sqs:us-east-1:123456789012:enrichment-dev-batches-dlq"] = "arn:aws:sqs:us-east-1:123456789012:batches-dlq-1",
        ["arn:aws:s3:::enrichment-dev-bucket"] = "arn:aws:s3:::enrichment-1",
    };

    [Test]
    public void Render_MapsResources_WidensOnlyTheServicesMotoAuthorizesAgainstStar_AndAddsBatchNames()
    {
        var statements = JsonNode.Parse(MotoPolicy.Render(Planned, Resources))!["Statement"]!.AsArray()
            .ToDictionary(s => s!["Sid"]!.GetValue<string>(), s => s!.AsObject());

        Assert.Multiple(() =>
        {
            Assert.That(Strings(statements["ControlTable"], "Resource"), Is.EqualTo(new[] { "*" }), "moto denies table-scoped DynamoDB grants");
            Assert.That(Strings(statements["ControlTable"], "Action"), Is.EquivalentTo(new[] { "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:TransactGetItems", "dynamodb:TransactWriteItems" }));
            Assert.That(Strings(statements["SendBatches"], "Resource"), Is.EqualTo(new[] { "arn:aws:sqs:us-east-1:123456789012:batches-1" }));
            Assert.That(Strings(statements["SendBatches"], "Action"), Is.EqualTo(new[] { "sqs:SendMessage", "sqs:SendMessageBatch" }));
            Assert.That(Strings(statements["ReportGivenUpSplits"], "Resource"), Is.EqualTo(new[] { "arn:aws:sqs:us-east-1:123456789012:batches-dlq-1" }), "the DLQ is not taken for the queue whose name it extends");
            Assert.That(Strings(statements["JobObjects"], "Resource"), Is.EqualTo(new[] { "arn:aws:s3:::enrichment-1/jobs/*" }));
            Assert.That(Strings(statements["ListJobObjects"], "Resource"), Is.EqualTo(new[] { "arn:aws:s3:::enrichment-1" }));
            Assert.That(statements["ListJobObjects"]["Condition"]!.ToJsonString(), Does.Contain("jobs/*"), "conditions are kept");
            Assert.That(Strings(statements["Logs"], "Resource"), Is.EqualTo(new[] { "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*" }), "an unmapped ARN stays as planned");
        });
    }

    private static string[] Strings(JsonObject statement, string name) =>
        [.. statement[name]!.AsArray().Select(n => n!.GetValue<string>())];
}
