using Alerts.Core.Telemetry;
using Alerts.Core.Watchlists;
using Alerts.Core.Web;

namespace Alerts.Server.Hosting;

/// <summary>The self-host: the API on Kestrel, the timer jobs on an in-process scheduler, the queues on an in-process pump.</summary>
public static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Builds the self-host; <paramref name="map"/> maps more endpoints (the demo's pages).</summary>
    public static WebApplication Build(
        string[] args, Action<IServiceCollection>? configure = null, bool runJobs = true, IDictionary<string, string?>? settings = null, Action<IEndpointRouteBuilder>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddAlertsCore(builder.Configuration);
        builder.Services.AddAlertsTelemetry(builder.Configuration);
        builder.Services.AddProblemDetails();
        // Each route reads at most its own limit (ApiRequests) and says so in a problem; Kestrel's limit is only the backstop,
        // above the largest route's (a watchlist CSV import, 8 MiB) so that route can answer a body just over its limit itself.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = WatchlistsApi.MaxCsvBytes + (1024 * 1024));
        if (runJobs)
        {
            builder.Services.AddHostedService<JobScheduler>();
            builder.Services.AddHostedService<QueuePump>();
        }

        configure?.Invoke(builder.Services);
        var app = builder.Build();
        MapApi(app);
        MapWebPages(app);
        map?.Invoke(app);
        return app;
    }

    /// <summary>Maps every route of <see cref="ApiRoutes.All"/> under /api.</summary>
    public static void MapApi(IEndpointRouteBuilder app)
    {
        foreach (var route in ApiRoutes.All)
        {
            app.MapMethods("/api/" + route.Route, [route.Method], (HttpContext context, ApiHandlers handlers) => handlers.InvokeAsync(route, context))
                .WithName(route.Name);
        }
    }

    /// <summary>
    /// The web pages at <c>/api/app/...</c>, the address the Functions app serves them at (its route prefix is /api), so that
    /// a link in an e-mail works whichever host sent it; <c>/</c> sends the browser to the subscribe page.
    /// </summary>
    public static void MapWebPages(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect(WebPages.BasePath)).WithName("WebRoot");
        app.MapGet(WebPages.BasePath + "{**path}", (string? path, HttpContext context) => WebPages.Serve(path, context)).WithName("WebPages");
    }

    /// <summary>Creates tables, queues and containers before the first request.</summary>
    public static Task EnsureStorageAsync(IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetRequiredService<AlertsStorage>().EnsureCreatedAsync(cancellationToken);
}
