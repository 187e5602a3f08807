using System.Net;

namespace Enrichment.Aws.StepFunctions;

/// <summary>Step Functions answered with an error (its <see cref="ErrorCode"/> is the AWS error type, e.g. ExecutionAlreadyExists).</summary>
public sealed class StepFunctionsException : Exception
{
    public StepFunctionsException()
    {
    }

    public StepFunctionsException(string message)
        : base(message)
    {
    }

    public StepFunctionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StepFunctionsException(string errorCode, HttpStatusCode statusCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public string ErrorCode { get; } = "Unknown";

    public HttpStatusCode StatusCode { get; }

    /// <summary>Throttling and server-side failures, worth another try.</summary>
    public bool IsTransient =>
        StatusCode == HttpStatusCode.TooManyRequests
        || (int)StatusCode >= 500
        || ErrorCode is "ThrottlingException" or "Throttling" or "TooManyRequestsException" or "ServiceUnavailable" or "InternalServerError" or "RequestTimeout";
}
