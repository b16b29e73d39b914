namespace Alerts.Core.Api;

/// <summary>Handles one request of a route: the services of the host and the request's context.</summary>
public delegate Task<IResult> ApiHandler(IServiceProvider services, HttpContext context);
