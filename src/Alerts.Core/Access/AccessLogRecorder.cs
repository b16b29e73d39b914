namespace Alerts.Core.Access;

/// <summary>Records each request of an auditor or team key in the access log once it has been answered.</summary>
public sealed class AccessLogRecorder(AccessLogStore store, TimeProvider time, ILogger<AccessLogStore> logger) : IApiAccessLog
{
    public IResult Record(IResult result, ApiCaller caller, ApiRoute route) => new AccessLoggedResult(result, caller, route, store, time, logger);
}
