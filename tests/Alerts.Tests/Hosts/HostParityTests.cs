using System.Reflection;
using Alerts.Functions;
using Alerts.Server.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Tests.Hosts;

/// <summary>Both hosts are adapters over Core: the same routes, the same timers, the same queues.</summary>
public sealed class HostParityTests
{
    private static readonly MethodInfo[] FunctionMethods = [.. typeof(HttpFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)];

    private static T? Trigger<T>(MethodInfo m) where T : Attribute =>
        m.GetParameters().Select(p => p.GetCustomAttribute<T>()).FirstOrDefault(a => a is not null);

    [Fact]
    public void The_functions_app_has_one_http_trigger_that_routes_every_api_route_through_the_route_table()
    {
        var http = FunctionMethods.Select(m => (Method: m, Http: Trigger<HttpTriggerAttribute>(m))).Where(x => x.Http is not null).ToList();

        var single = Assert.Single(http);
        Assert.Equal(HttpFunctions.Name, single.Method.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("{*path}", single.Http!.Route);
        Assert.Equal(ApiRoutes.All.Select(r => r.Method.ToLowerInvariant()).Distinct().Order(), single.Http.Methods!.Order());

        // Every route, with each {parameter} filled in, is routed to itself: literal segments win (changes/verify is not changes/{id}).
        var table = new ApiRouteTable(ApiRoutes.All);
        foreach (var route in ApiRoutes.All)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route.Route, @"\{(\w+)\}", m => m.Groups[1].Value + "-1");
            var (matched, values, _) = table.Match(route.Method, path);
            Assert.Same(route, matched);
            Assert.All(values, v => Assert.Equal(v.Key + "-1", v.Value));
        }
    }

    [Fact]
    public async Task The_functions_trigger_answers_404_for_an_unknown_path_and_405_for_a_wrong_method()
    {
        await using var t = await TestServices.CreateAsync();
        var functions = new HttpFunctions(t.Get<ApiHandlers>());

        Assert.Equal(404, await StatusAsync(functions, t.Provider, "GET", "no-such-thing"));
        Assert.Equal(405, await StatusAsync(functions, t.Provider, "PUT", "health"));
        Assert.Equal(200, await StatusAsync(functions, t.Provider, "GET", "app/index.html"));
    }

    private static async Task<int> StatusAsync(HttpFunctions functions, IServiceProvider services, string method, string path) =>
        (await CallFunctionsAsync(functions, services, method, path)).Response.StatusCode;

    /// <summary>Calls the Functions HTTP trigger as the Functions host would, with the bearer key if one is given; the
    /// answer's body is left in a MemoryStream.</summary>
    private static async Task<HttpContext> CallFunctionsAsync(HttpFunctions functions, IServiceProvider services, string method, string path, string? bearer = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }

        context.Request.Method = method;
        context.Response.Body = new MemoryStream();
        var result = await functions.Http(context.Request, path);
        await result.ExecuteResultAsync(new ActionContext { HttpContext = context });
        return context;
    }

    [Fact]
    public async Task The_self_host_serves_exactly_the_api_route_table()
    {
        await using var app = ServerApp.Build(["--urls", "http://127.0.0.1:0"], runJobs: false);
        var served = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order()
            .ToList();
        var table = ApiRoutes.All.Select(r => $"{r.Method} /api/{r.Route}").Order().ToList();

        // Besides the API: only the web pages, at the path the Functions app serves its WebPages function at, and / redirecting there.
        string[] pages = ["GET /", "GET /api/app/{**path}"];
        Assert.Equal(table, served.Except(pages));
        Assert.Equal(pages, served.Intersect(pages));
    }

    [Theory]
    [InlineData("PollDue", "2026-11-30T12:00:30Z", "2026-11-30T12:01:00Z")]
    [InlineData("Reconcile", "2026-11-30T12:00:00Z", "2026-11-30T12:00:30Z")]
    [InlineData("Reconcile", "2026-11-30T12:00:30Z", "2026-11-30T12:05:30Z")]
    [InlineData("Digests", "2026-11-30T12:02:00Z", "2026-11-30T13:02:00Z")]
    [InlineData("Anchor", "2026-11-30T00:20:00Z", "2026-12-01T00:17:00Z")]
    public void The_self_host_fires_each_job_when_its_functions_cron_expression_does(string job, string after, string expected)
    {
        var schedule = Schedules.All.Single(s => s.Name == job);

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), JobScheduler.NextOccurrence(schedule, DateTimeOffset.Parse(after, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_functions_timers_are_the_schedules_the_self_host_runs()
    {
        var timers = FunctionMethods
            .Select(m => (Name: m.GetCustomAttribute<FunctionAttribute>()!.Name, Timer: Trigger<TimerTriggerAttribute>(m)))
            .Where(x => x.Timer is not null)
            .Select(x => $"{x.Name} {x.Timer!.Schedule}")
            .Order()
            .ToList();

        Assert.Equal(Schedules.All.Select(s => $"{s.Name} {s.Cron}").Order(), timers);
    }

    [Fact]
    public void The_functions_queue_triggers_are_the_queues_the_self_host_pumps()
    {
        var queues = FunctionMethods
            .Select(m => Trigger<QueueTriggerAttribute>(m)?.QueueName)
            .OfType<string>()
            .Select(q => QueueBindings.Resolve(q, QueueBindings.Settings("")))
            .Order()
            .ToList();

        Assert.Equal(StorageNames.AllQueues.Order(), queues);
    }

    [Fact]
    public async Task The_self_host_scheduler_and_pump_run_every_job_and_queue_through_core()
    {
        await using var t = await TestServices.CreateAsync();
        foreach (var s in Schedules.All)
        {
            await JobScheduler.RunJobAsync(t.Provider, s.Name, CancellationToken.None);
        }

        await QueuePump.HandleAsync(t.Provider, StorageNames.DispatchQueue, "{\"changeId\":\"chg_unknown\"}", CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => JobScheduler.RunJobAsync(t.Provider, "NoSuchJob", CancellationToken.None));
    }

    [Fact]
    public async Task A_functions_http_trigger_answers_through_core_like_the_self_host()
    {
        await using var t = await TestServices.CreateAsync();

        var context = await CallFunctionsAsync(new HttpFunctions(t.Get<ApiHandlers>()), t.Provider, "GET", "health");

        Assert.Equal(200, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var doc = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("ok", doc.RootElement.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task A_functions_http_trigger_passes_the_route_id_to_core()
    {
        const string adminKey = "bootstrap-admin-key-for-the-functions-adapter-test";
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:Keys:BootstrapAdminKey"] = adminKey });

        var context = await CallFunctionsAsync(new HttpFunctions(t.Get<ApiHandlers>()), t.Provider, "GET", "changes/chg_missing", bearer: adminKey);

        Assert.Equal(404, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        Assert.Contains("chg_missing", await new StreamReader(context.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }
}
