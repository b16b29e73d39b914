using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Alerts.Core;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// One change to N webhook endpoints on 127.0.0.1 that answer after 50 ms: time until all are delivered, peak memory;
// then the same with some endpoints failing (500, or hanging past the time-out) while the others must not slow down.
// Needs Azurite on 127.0.0.1:10000-10002. Usage: dotnet run -c Release --project bench/WebhookFanout [endpoints] [failing]
var endpoints = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var failing = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;

await using var receiver = await Receiver.StartAsync();
Console.WriteLine($"receiver {receiver.BaseUri}; {endpoints} endpoints; answer after 50 ms; {Environment.ProcessorCount} cores");

// 1. The sender alone (guard, signing, per-endpoint and global limits, HTTP): no storage in the way.
Console.WriteLine();
Console.WriteLine("WebhookSender only: one POST to each endpoint at once");
Console.WriteLine("run                              ok   all-ok(s)  p50-ok(s)  p99-ok(s)  all-done(s)  peak-heap(MB)");
foreach (var (name, mode, bad) in new[] { ("all answer 200", "none", 0), ($"{failing} answer 500", "500", failing), ($"{failing} hang (15 s time-out)", "hang", failing) })
{
    var r = await SenderBench.RunAsync(receiver, endpoints, bad, mode);
    Console.WriteLine($"{name,-28} {r.Ok,6} {r.AllOk,11:0.00} {r.P50,10:0.00} {r.P99,10:0.00} {r.AllDone,12:0.00} {r.PeakHeapMb,14:0}");
}

// 2. The whole pipeline on Azurite: dispatch (delivery rows + queue messages), queue, deliver (records, attempt log).
Console.WriteLine();
Console.WriteLine("Pipeline on Azurite: dispatch -> deliver queue (up to 256 messages in flight, each on its own) -> webhook channel");
Console.WriteLine("run                      dispatch(s)  ok-delivered  last-ok(s)  p50-ok(s)  all-first-attempts(s)  peak-heap(MB)  peak-ws(MB)");
var modes = args.Length > 2 ? args[2].Split(',') : ["none", "hang"];
foreach (var mode in modes)
{
    var bad = mode == "none" ? 0 : failing;
    var name = mode switch { "none" => "all answer 200", "500" => $"{failing} answer 500", _ => $"{failing} hang (15 s time-out)" };
    var r = await Bench.RunAsync(receiver, endpoints, bad, mode);
    Console.WriteLine(
        $"{name,-24} {r.DispatchDone,11:0.00} {r.OkDelivered,6}/{endpoints - bad,-6} {r.LastOk,10:0.00} {r.P50Ok,10:0.00} " +
        $"{r.FailDone,22:0.00} {r.PeakHeapMb,14:0} {r.PeakWorkingSetMb,12:0}");
}

internal sealed record RunResult(double DispatchDone, int OkDelivered, double LastOk, double P50Ok, double FailDone, double PeakHeapMb, double PeakWorkingSetMb);

internal static class Bench
{
    public static async Task<RunResult> RunAsync(Receiver receiver, int endpoints, int failing, string mode)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerts:StorageConnectionString"] = "UseDevelopmentStorage=true",
            ["Alerts:StoragePrefix"] = prefix,
            ["Alerts:Webhooks:AllowHttp"] = "true",
            ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error).AddSimpleConsole());
        services.AddAlertsCore(config);
        services.AddSingleton<IApiKeyAuthenticator, BenchKey>();
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<AlertsStorage>();
        await storage.EnsureCreatedAsync();
        try
        {
            // Register the endpoints through the API (guard, validation, storage), outside the timing.
            var kinds = new Dictionary<string, bool>();
            var handlers = provider.GetRequiredService<ApiHandlers>();
            await Parallel.ForEachAsync(Enumerable.Range(0, endpoints), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var fails = i < failing;
                var url = $"{receiver.BaseUri}{(fails ? mode : "ok")}/{i}";
                var ctx = new DefaultHttpContext { RequestServices = provider };
                ctx.Request.Method = "POST";
                ctx.Request.Headers.Authorization = "Bearer bench";
                ctx.Request.ContentType = "application/json";
                var body = Encoding.UTF8.GetBytes($"{{\"url\":\"{url}\"}}");
                ctx.Request.Body = new MemoryStream(body);
                ctx.Request.ContentLength = body.Length;
                var ms = new MemoryStream();
                ctx.Response.Body = ms;
                await (await handlers.InvokeAsync("CreateWebhook", ctx)).ExecuteAsync(ctx);
                if (ctx.Response.StatusCode != 201)
                {
                    throw new InvalidOperationException(Encoding.UTF8.GetString(ms.ToArray()));
                }

                var id = System.Text.Json.JsonDocument.Parse(ms.ToArray()).RootElement.GetProperty("id").GetString()!;
                lock (kinds)
                {
                    kinds[id] = !fails;
                }
            });

            var change = (await provider.GetRequiredService<ChangeLogStore>().AppendAsync(new ChangeRecord
            {
                Id = ChangeRecord.NewId("bench", prefix, null, "v1"),
                SourceId = "bench",
                ItemKey = prefix,
                ChangeType = ChangeType.Added,
                Title = "Entity List additions (benchmark)",
                ContentVersion = "v1",
                Topics = ["entity-list"],
                Severity = Severity.High,
                Jurisdiction = "US",
            })).Change;

            GC.Collect();
            var peakHeap = 0L;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    await Task.Delay(20);
                }
            });

            var okTimes = new ConcurrentBag<double>();
            var failFirst = 0;
            var clock = Stopwatch.StartNew();
            var dispatchDone = 0.0;

            // The queue pump of one instance, as the Functions host runs a queue trigger: up to 256 messages in flight, each on
            // its own (a new batch of 32 is fetched as soon as 32 slots are free), so a hanging endpoint holds only its own slot.
            var dispatcher = provider.GetRequiredService<DispatchService>();
            var queue = storage.Queue(StorageNames.DeliverQueue);
            var okTotal = kinds.Count(k => k.Value);
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            using var slots = new SemaphoreSlim(256);
            var inFlight = new ConcurrentDictionary<Task, bool>();
            var loops = Enumerable.Range(0, 4).Select(loop => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && (okTimes.Count < okTotal || Volatile.Read(ref failFirst) < failing))
                {
                    if (slots.CurrentCount < 32)
                    {
                        await Task.Delay(10);
                        continue;
                    }

                    var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(2))).Value;
                    if (batch.Length == 0)
                    {
                        await Task.Delay(50);
                        continue;
                    }

                    foreach (var m in batch)
                    {
                        await slots.WaitAsync();
                        var t = Task.Run(async () =>
                        {
                            try
                            {
                                await HandleAsync(m);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        });
                        inFlight[t] = true;
                    }
                }
            })).ToArray();

            async Task HandleAsync(Azure.Storage.Queues.Models.QueueMessage m)
            {
                var msg = QueueSender.Parse<DeliverMessage>(m.Body.ToString());
                await dispatcher.DeliverAsync(msg);
                try
                {
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                }
                catch (Azure.RequestFailedException ex) when (ex.Status == 404)
                {
                    // Held past its visibility time-out on this overloaded machine; it ran, and will be ignored when seen again.
                }

                if (!DeliveryLedger.TryParseId(msg.DeliveryId, out _, out var endpointId))
                {
                    return;
                }

                if (kinds[endpointId])
                {
                    okTimes.Add(clock.Elapsed.TotalSeconds);
                }
                else if (msg.Attempt == 1)
                {
                    Interlocked.Increment(ref failFirst);
                }
            }

            await provider.GetRequiredService<DispatchService>().DispatchAsync(new DispatchMessage(change.Id));
            dispatchDone = clock.Elapsed.TotalSeconds;
            await Task.WhenAll(loops);
            var failDone = clock.Elapsed.TotalSeconds;
            await Task.WhenAll(inFlight.Keys);
            await sampling.CancelAsync();
            await sampler;

            var sorted = okTimes.Order().ToArray();
            var delivered = 0;
            foreach (var (id, ok) in kinds)
            {
                if (ok && (await provider.GetRequiredService<DeliveryLedger>().GetAsync(change.Id, "webhook", id))?.Status == DeliveryStatus.Delivered)
                {
                    delivered++;
                }
            }

            return new RunResult(
                dispatchDone,
                delivered,
                sorted.Length > 0 ? sorted[^1] : double.NaN,
                sorted.Length > 0 ? sorted[sorted.Length / 2] : double.NaN,
                failing > 0 ? failDone : 0,
                peakHeap / 1048576.0,
                Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0);
        }
        finally
        {
            await storage.DeleteAllAsync();
        }
    }
}

internal sealed record SenderResult(int Ok, double AllOk, double P50, double P99, double AllDone, double PeakHeapMb);

internal static class SenderBench
{
    public static async Task<SenderResult> RunAsync(Receiver receiver, int endpoints, int failing, string mode)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerts:StorageConnectionString"] = "UseDevelopmentStorage=true",
            ["Alerts:Webhooks:AllowHttp"] = "true",
            ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAlertsCore(config);
        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredService<Alerts.Core.Webhooks.WebhookSender>();
        var body = Encoding.UTF8.GetBytes("{\"type\":\"policy.change\",\"data\":{}}");
        string[] secrets = [Alerts.Core.Webhooks.WebhookSigner.NewSecret()];
        GC.Collect();
        var peakHeap = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });
        var okTimes = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, endpoints).Select(async i =>
        {
            var fails = i < failing;
            var url = $"{receiver.BaseUri}{(fails ? mode : "ok")}/{i}";
            var r = await sender.SendAsync("wh_" + i.ToString("D20", CultureInfo.InvariantCulture), url, "msg_" + i, body, secrets);
            if (r.Success)
            {
                okTimes.Add(clock.Elapsed.TotalSeconds);
            }
        }));
        var allDone = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var sorted = okTimes.Order().ToArray();
        return new SenderResult(sorted.Length, sorted[^1], sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], allDone, peakHeap / 1048576.0);
    }
}

internal sealed class BenchKey : IApiKeyAuthenticator
{
    public Task<ApiCaller?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult<ApiCaller?>(request.Headers.Authorization == "Bearer bench" ? new ApiCaller("bench", "bench", Roles.Team, "bench-team") : null);

    public Task<ApiCaller?> AuthenticateFeedTokenAsync(string feedToken, CancellationToken cancellationToken = default) => Task.FromResult<ApiCaller?>(null);
}

/// <summary>Kestrel on 127.0.0.1: /ok/* answers 200 after 50 ms, /500/* answers 500 after 50 ms, /hang/* never answers.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Receiver(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        app.Run(async ctx =>
        {
            var path = ctx.Request.Path.Value ?? "";
            if (path.StartsWith("/hang/", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await Task.Delay(50);
            ctx.Response.StatusCode = path.StartsWith("/500/", StringComparison.Ordinal) ? 500 : 200;
            await ctx.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Receiver(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
