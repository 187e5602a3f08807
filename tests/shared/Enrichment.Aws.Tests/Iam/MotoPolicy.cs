using System.Text.Json.Nodes;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>
/// A planned policy document as moto 5.2.1 can enforce it: the plan's resource ARNs mapped to the test's own
/// resources, and two translations for how moto authorizes (each a moto limitation, not a grant the stack lacks):
/// <list type="bullet">
/// <item>DynamoDB, Step Functions and SSM calls are authorized against the resource "*", never the table's,
/// state machine's or parameter's ARN, so a statement scoped to an ARN (as Terraform renders every one) is
/// denied every call. Statements of only those services are widened to "*" here, for moto only.</item>
/// <item>AWS authorizes batch and transaction calls by the single-item actions (SendMessageBatch by
/// sqs:SendMessage, TransactWriteItems by dynamodb:PutItem/UpdateItem/DeleteItem/ConditionCheckItem); moto asks
/// for the call's own name, so those names are added beside the actions that grant them on AWS.</item>
/// </list>
/// Conditions are kept; moto ignores StringLike ones and passes StringEquals ones it has no value for.
/// </summary>
internal static class MotoPolicy
{
    private static readonly HashSet<string> ResourceBlindServices = new(StringComparer.Ordinal) { "dynamodb", "states", "ssm" };

    private static readonly Dictionary<string, string> AuthorizedOnAwsBy = new(StringComparer.Ordinal)
    {
        ["sqs:SendMessage"] = "sqs:SendMessageBatch",
        ["sqs:DeleteMessage"] = "sqs:DeleteMessageBatch",
        ["sqs:ChangeMessageVisibility"] = "sqs:ChangeMessageVisibilityBatch",
        ["dynamodb:PutItem"] = "dynamodb:TransactWriteItems",
        ["dynamodb:UpdateItem"] = "dynamodb:TransactWriteItems",
        ["dynamodb:DeleteItem"] = "dynamodb:TransactWriteItems",
        ["dynamodb:ConditionCheckItem"] = "dynamodb:TransactWriteItems",
        ["dynamodb:GetItem"] = "dynamodb:TransactGetItems",
    };

    /// <param name="resources">Planned ARN → the test's ARN; a planned ARN also maps its "/..." children (bucket objects).</param>
    public static string Render(string plannedPolicy, IReadOnlyDictionary<string, string> resources)
    {
        var document = JsonNode.Parse(plannedPolicy)!.AsObject();
        if (document["Statement"] is not JsonArray statements)
        {
            statements = [document["Statement"]!.DeepClone()];
            document["Statement"] = statements;
        }

        foreach (var statement in statements.Select(s => s!.AsObject()))
        {
            var actions = Strings(statement["Action"]);
            var implied = actions.Select(a => AuthorizedOnAwsBy.GetValueOrDefault(a)).OfType<string>().Except(actions).Distinct();
            statement["Action"] = new JsonArray([.. actions.Concat(implied).Select(a => (JsonNode)JsonValue.Create(a))]);

            var widen = actions.Count > 0 && actions.All(a => ResourceBlindServices.Contains(a[..a.IndexOf(':', StringComparison.Ordinal)]));
            var mapped = widen ? ["*"] : Strings(statement["Resource"]).Select(r => Map(r, resources)).ToList();
            statement["Resource"] = new JsonArray([.. mapped.Select(r => (JsonNode)JsonValue.Create(r))]);
        }

        return document.ToJsonString();
    }

    private static string Map(string resource, IReadOnlyDictionary<string, string> resources)
    {
        foreach (var (planned, actual) in resources)
        {
            if (resource == planned)
            {
                return actual;
            }

            if (resource.StartsWith(planned + "/", StringComparison.Ordinal))
            {
                return actual + resource[planned.Length..];
            }
        }

        return resource;
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => n!.GetValue<string>())],
        _ => [node.GetValue<string>()],
    };
}
