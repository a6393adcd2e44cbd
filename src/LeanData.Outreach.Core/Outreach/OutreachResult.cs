namespace LeanData.Outreach.Outreach;

/// <summary>A call's outcome: a value, or a classified failure. <see cref="RateLimit"/> is the last response's headers.</summary>
public sealed class OutreachResult<T>
{
    private OutreachResult(T? value, OutreachFailure? failure, int statusCode, RateLimitObservation? rateLimit)
    {
        Value = value;
        Failure = failure;
        StatusCode = statusCode;
        RateLimit = rateLimit;
    }

    public T? Value { get; }
    public OutreachFailure? Failure { get; }
    public int StatusCode { get; }
    public RateLimitObservation? RateLimit { get; }
    public bool IsSuccess => Failure is null;

    public static OutreachResult<T> Success(T value, int statusCode, RateLimitObservation? rateLimit) => new(value, null, statusCode, rateLimit);
    public static OutreachResult<T> Failed(OutreachFailure failure, RateLimitObservation? rateLimit) => new(default, failure, failure.StatusCode, rateLimit);
}
