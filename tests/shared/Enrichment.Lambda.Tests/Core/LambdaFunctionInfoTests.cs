using Enrichment.Lambda.Core;

namespace Enrichment.Lambda.Tests.Core;

public sealed class LambdaFunctionInfoTests
{
    [Test]
    public void FromVariables_ReadsLambdasReservedVariables()
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "enrichment-api",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/enrichment-api",
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = "stream-1",
        };

        var info = LambdaFunctionInfo.FromVariables(name => variables.GetValueOrDefault(name));

        Assert.That(info, Is.EqualTo(new LambdaFunctionInfo("enrichment-api", "7", 512, "/aws/lambda/enrichment-api", "stream-1")));
    }

    [Test]
    public void FromVariables_MissingVariablesBecomeEmpty()
    {
        var info = LambdaFunctionInfo.FromVariables(_ => null);

        Assert.That(info, Is.EqualTo(new LambdaFunctionInfo(string.Empty, string.Empty, 0, string.Empty, string.Empty)));
    }
}
