using Amazon.Runtime;
using Enrichment.Aws.Tests.Support;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>The test's own resources, named as moto made them, that the planned policies are mapped onto.</summary>
internal sealed record DeployedResources(string TableArn, string QueueArn, string DeadLetterArn, string BucketName, string StateMachineArn);

/// <summary>
/// One IAM user per function (and one for the state machine's role), each with exactly its role's inline
/// policies from the plan, mapped to the test's resources (<see cref="MotoPolicy"/>), and an access key.
/// </summary>
internal sealed class FunctionUsers
{
    public static readonly IReadOnlyList<string> Functions = ["api", "split", "worker", "check-completion", "aggregate", "webhook", PlannedFunctionPolicies.StateMachine];

    private readonly Dictionary<string, BasicAWSCredentials> _keys;

    private FunctionUsers(Dictionary<string, BasicAWSCredentials> keys) => _keys = keys;

    public BasicAWSCredentials this[string function] => _keys[function];

    /// <summary>The function whose access key id this is, or null.</summary>
    public string? OwnerOf(string accessKeyId) =>
        _keys.FirstOrDefault(k => k.Value.GetCredentials().AccessKey == accessKeyId).Key;

    public static async Task<FunctionUsers> CreateAsync(IamMoto moto, PlannedFunctionPolicies planned, DeployedResources resources)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [planned.TableArn] = resources.TableArn,
            [planned.QueueArn] = resources.QueueArn,
            [planned.DeadLetterArn] = resources.DeadLetterArn,
            [planned.BucketArn] = "arn:aws:s3:::" + resources.BucketName,
            [planned.StateMachineArn] = resources.StateMachineArn,
        };
        using var iam = moto.Iam();
        var keys = new Dictionary<string, BasicAWSCredentials>(StringComparer.Ordinal);
        foreach (var function in Functions)
        {
            var user = MotoClients.UniqueName(function);
            await iam.CreateUserAsync(user);
            var policies = planned.Policies.GetValueOrDefault(function) ?? throw new InvalidOperationException($"the plan has no role policy for {function}");
            for (var i = 0; i < policies.Count; i++)
            {
                await iam.PutUserPolicyAsync(user, $"planned-{i}", MotoPolicy.Render(policies[i], map));
            }

            keys[function] = await iam.CreateAccessKeyAsync(user);
        }

        return new FunctionUsers(keys);
    }
}
