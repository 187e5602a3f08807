namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// One real event per function and a fragment of its correct answer when the job is unknown (the same
/// events the framework-dependent bootstrap tests in Enrichment.Functions.Tests use).
/// </summary>
public static class FunctionEvents
{
    public static readonly IReadOnlyList<(string Function, string Event, string ExpectedAnswer)> All =
    [
        ("api", "{\"version\":\"2.0\",\"rawPath\":\"/jobs/unknown-job\",\"headers\":{\"host\":\"api.example.com\"},\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/jobs/unknown-job\"},\"authorizer\":{\"iam\":{\"accountId\":\"111122223333\",\"userArn\":\"arn:aws:iam::111122223333:user/tester\"}},\"stage\":\"$default\"},\"isBase64Encoded\":false}", "\"statusCode\":404"),
        ("split", "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"uploads/unknown-job/list.csv\",\"size\":1}}}]}", "\"status\":\"failed\""),
        ("worker", "{\"Records\":[{\"messageId\":\"m1\",\"receiptHandle\":\"h\",\"body\":\"{\\\"jobId\\\":\\\"unknown-job\\\",\\\"attempt\\\":0,\\\"batchIndex\\\":0,\\\"rows\\\":[{\\\"row\\\":1,\\\"values\\\":[\\\"a@b.com\\\"]}]}\",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:batches\"}]}", "\"batchItemFailures\":[]"),
        ("check-completion", "{\"jobId\":\"unknown-job\",\"attempt\":0,\"waitSeconds\":1}", "\"done\":true"),
        ("aggregate", "{\"jobId\":\"unknown-job\",\"attempt\":0}", "\"status\":\"missing\""),
        ("webhook", "{\"jobId\":\"unknown-job\"}", "\"outcome\":\"none\""),
    ];

    public static (string Function, string Event, string ExpectedAnswer) For(string function) => All.Single(e => e.Function == function);
}
