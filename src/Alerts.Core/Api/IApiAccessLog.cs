namespace Alerts.Core.Api;

/// <summary>Records requests made with auditor and team keys (implemented by Access; absent: nothing is recorded).</summary>
public interface IApiAccessLog
{
    /// <summary>The result, written so that the request is recorded once it has been answered.</summary>
    IResult Record(IResult result, ApiCaller caller, ApiRoute route);
}
