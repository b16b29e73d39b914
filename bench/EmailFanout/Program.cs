using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Alerts.Core;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// One change matching N confirmed immediate subscribers (default 10,000), dispatched and delivered through the real
// SendGrid client against a local server that speaks v3 mail/send, on Azurite (127.0.0.1:10000-10002 must be running).
// Reports the SendGrid requests made and the time from dispatch to the last accepted request.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;

var requests = 0;
var personalizations = 0;
long lastAcceptedTicks = 0;
long firstAcceptedTicks = 0;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
await using var sendGrid = builder.Build();
sendGrid.MapPost("/v3/mail/send", async (HttpContext ctx) =>
{
    using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
    Interlocked.Add(ref personalizations, doc.RootElement.GetProperty("personalizations").GetArrayLength());
    Interlocked.Increment(ref requests);
    Interlocked.CompareExchange(ref firstAcceptedTicks, Stopwatch.GetTimestamp(), 0);
    Interlocked.Exchange(ref lastAcceptedTicks, Stopwatch.GetTimestamp());
    return Results.StatusCode(202);
});
await sendGrid.StartAsync();
var sendGridUrl = sendGrid.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Alerts:StoragePrefix"] = prefix,
    ["Alerts:PublicBaseUrl"] = "https://alerts.example.org",
    ["Alerts:SendGrid:Enabled"] = "true",
    ["Alerts:SendGrid:ApiKey"] = "SG.bench",
    ["Alerts:SendGrid:From"] = "alerts@example.org",
    ["Alerts:SendGrid:BaseUrl"] = sendGridUrl,
}).Build();
var services = new DefaultServiceProviderFactory().CreateServiceProvider(new ServiceCollection().AddLogging().AddAlertsCore(configuration));
await using var _ = (ServiceProvider)services;
var storage = services.GetRequiredService<AlertsStorage>();
await storage.EnsureCreatedAsync();
try
{
    var setup = Stopwatch.StartNew();
    var now = DateTimeOffset.UtcNow;
    var subscribers = Enumerable.Range(0, count).Select(i => new Subscriber
    {
        Id = SubscriberStore.NewId(),
        Email = $"reader{i.ToString(CultureInfo.InvariantCulture)}@example.org",
        State = SubscriberState.Active,
        CreatedAt = now,
        ConfirmedAt = now,
        Preferences = new SubscriptionPreferences { Topics = ["entity-list"] },
    }).ToList();
    await services.GetRequiredService<SubscriberStore>().BulkAddAsync(subscribers);
    var change = (await services.GetRequiredService<ChangeLogStore>().AppendAsync(new ChangeRecord
    {
        Id = ChangeRecord.NewId("bench", "doc-1", null, "v1"),
        SourceId = "federal-register",
        ItemKey = "doc-1",
        ChangeType = ChangeType.Added,
        Title = "Additions to the Entity List",
        Url = "https://www.federalregister.gov/d/2026-01234",
        Severity = Severity.High,
        Jurisdiction = "US",
        Topics = ["entity-list"],
        Matched = ["Entity List"],
        ContentVersion = "v1",
    })).Change;
    Console.WriteLine($"setup: {count} subscribers written in {setup.Elapsed.TotalSeconds:0.0} s");

    var dispatcher = services.GetRequiredService<DispatchService>();
    var queue = storage.Queue(StorageNames.DeliverQueue);
    var start = Stopwatch.GetTimestamp();
    var dispatch = Task.Run(async () =>
    {
        await dispatcher.DispatchAsync(new DispatchMessage(change.Id));
        return Stopwatch.GetElapsedTime(start);
    });

    // The queue pump, alongside the dispatch as in both hosts: receive, handle 4 at a time, delete when handled.
    var idle = 0;
    while (!dispatch.IsCompleted || idle < 3)
    {
        var messages = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value;
        if (messages.Length == 0)
        {
            idle = dispatch.IsCompleted ? idle + 1 : 0;
            await Task.Delay(100);
            continue;
        }

        idle = 0;
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (m, ct) =>
        {
            await dispatcher.DeliverAsync(QueueSender.Parse<DeliverMessage>(m.Body.ToString()), ct);
            await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
        });
    }

    var dispatched = await dispatch;
    var toLast = Stopwatch.GetElapsedTime(start, Interlocked.Read(ref lastAcceptedTicks));
    Console.WriteLine($"subscribers matching: {count}");
    Console.WriteLine($"SendGrid requests: {requests} (goal: at most {(count + 999) / 1000}), personalizations: {personalizations}");
    Console.WriteLine($"dispatch (match + delivery records + enqueue): {dispatched.TotalSeconds:0.00} s");
    Console.WriteLine($"dispatch to first accepted request: {Stopwatch.GetElapsedTime(start, Interlocked.Read(ref firstAcceptedTicks)).TotalSeconds:0.00} s");
    Console.WriteLine($"dispatch to last accepted request: {toLast.TotalSeconds:0.00} s");

    var again = requests;
    await dispatcher.DispatchAsync(new DispatchMessage(change.Id));
    var leftover = (await queue.ReceiveMessagesAsync(16)).Value.Length;
    Console.WriteLine($"second dispatch of the same change: {leftover} messages enqueued, {requests - again} requests");
}
finally
{
    await storage.DeleteAllAsync();
    await sendGrid.StopAsync();
}
