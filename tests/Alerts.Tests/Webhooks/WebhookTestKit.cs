using Alerts.Core.Webhooks;
using Alerts.Server.Hosting;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Alerts.Tests.Webhooks;

/// <summary>
/// The world (<see cref="TestWorld"/>) set up for webhook tests: http to 127.0.0.1/32 allowed, a short time-out, real API
/// keys, the clock at the real time, and helpers to register endpoints, record and dispatch changes and drain the queue.
/// </summary>
public sealed class Kit : IAsyncDisposable
{
    private Kit(TestWorld world, TestKeys keys)
    {
        World = world;
        Keys = keys;
    }

    public TestWorld World { get; }

    public TestServices Services => World.Services;

    /// <summary>Real keys in this test's store: team-a, team-b, an auditor and an admin.</summary>
    public TestKeys Keys { get; }

    public TestResolver Resolver => World.Resolver;

    /// <summary>The API over real HTTP to the world's self-host.</summary>
    public ApiClient Api => World.Api;

    public TestLogs Logs => World.Logs;

    public WatchedClock Clock => World.Clock;

    public const string PublicBaseUrl = "https://alerts.example.test";

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>http allowed and 127.0.0.1/32 named (unless <paramref name="allowedNetworks"/> says otherwise); a short time-out; GitHub played when <paramref name="github"/>.</summary>
    public static async Task<Kit> CreateAsync(
        string? allowedNetworks = "127.0.0.1/32", IDictionary<string, string?>? settings = null, bool allowHttp = true, Action<IServiceCollection>? configure = null,
        bool github = false)
    {
        var all = new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:AllowHttp"] = allowHttp ? "true" : "false",
            ["Alerts:Webhooks:AllowedNetworks"] = allowedNetworks,
            ["Alerts:Webhooks:TimeoutSeconds"] = "2",
            ["Alerts:PublicBaseUrl"] = PublicBaseUrl,
        }.Overlay(settings);

        var world = await TestWorld.StartAsync(new WorldOptions { Settings = all, Start = DateTimeOffset.UtcNow, Configure = configure, GitHub = github });
        return new Kit(world, await TestKeys.CreateAsync(world.Services));
    }

    public T Get<T>() where T : notnull => Services.Get<T>();

    /// <summary>Registers an endpoint for team A; returns its id and secret.</summary>
    public async Task<(string Id, string Secret)> RegisterAsync(string url, string format = "standard", object? filters = null, string? key = null)
    {
        var body = new Dictionary<string, object?> { ["url"] = url, ["format"] = format, ["description"] = "test endpoint" };
        if (filters is not null)
        {
            foreach (var p in JsonSerializer.SerializeToElement(filters, WebJson).EnumerateObject())
            {
                body[p.Name] = p.Value;
            }
        }

        var r = await Api.CallAsync("CreateWebhook", key ?? Keys.TeamA, body);
        Assert.True(r.Status == 201, r.Body);
        return (r.Json.GetProperty("id").GetString()!, r.Json.GetProperty("secret").GetString()!);
    }

    private int _changes;

    /// <summary>Appends a change to the log.</summary>
    public async Task<ChangeRecord> ChangeAsync(
        string? story = null, string title = "Entity List: additions of 12 entities", string? description = null, string[]? topics = null, Severity severity = Severity.High,
        string? url = null)
    {
        var n = Interlocked.Increment(ref _changes);
        var key = "doc-" + Services.Prefix + "-" + n;
        var r = await Get<ChangeLogStore>().AppendAsync(new ChangeRecord
        {
            Id = ChangeRecord.NewId("test", key, null, "v" + n),
            SourceId = "federal-register",
            ItemKey = key,
            ChangeType = ChangeType.Added,
            Title = title,
            Url = url ?? "https://www.federalregister.gov/d/2026-0" + n,
            Summary = "BIS adds entities to the Entity List",
            Description = description ?? "The Bureau of Industry and Security amends the EAR by adding entities.",
            Topics = topics ?? ["entity-list", "semiconductors"],
            Severity = severity,
            Jurisdiction = "US",
            StoryId = story,
            ContentVersion = "v" + n,
            DetectedAt = Clock.GetUtcNow(),
        });
        return r.Change;
    }

    /// <summary>Dispatches a change (as the dispatch queue would).</summary>
    public Task DispatchAsync(ChangeRecord change) =>
        Get<Alerts.Core.Delivery.DispatchService>().DispatchAsync(new Alerts.Core.Storage.DispatchMessage(change.Id));

    /// <summary>Runs every message visible on the deliver queue through the self-host's queue handler; returns how many ran.</summary>
    public Task<int> DrainDeliverQueueAsync() => DrainDeliverQueueAsync(Services.Provider);

    /// <summary>The same for any host's services (the web tests' self-host, say).</summary>
    public static Task<int> DrainDeliverQueueAsync(IServiceProvider services) => DrainQueueAsync(services, StorageNames.DeliverQueue);

    /// <summary>Runs every visible message of <paramref name="queueName"/> through the self-host's queue handler, as the pump or the Functions trigger would.</summary>
    public static async Task<int> DrainQueueAsync(IServiceProvider services, string queueName)
    {
        var queue = services.GetRequiredService<AlertsStorage>().Queue(queueName);
        var count = 0;
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            if (messages.Length == 0)
            {
                return count;
            }

            foreach (var m in messages)
            {
                await QueuePump.HandleAsync(services, queueName, m.Body.ToString(), CancellationToken.None);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                count++;
            }
        }
    }

    /// <summary>Verifies a received request with the independent StandardWebhooks implementation; throws if it does not verify.</summary>
    public static void Verify(string secret, ReceivedRequest request, string? onlySignature = null)
    {
        var headers = new HeaderDictionary();
        foreach (var (k, v) in request.Headers)
        {
            headers[k] = v;
        }

        if (onlySignature is not null)
        {
            headers["webhook-signature"] = onlySignature;
        }

        new StandardWebhook(secret).Verify(Encoding.UTF8.GetString(request.Body), headers);
    }

    public ValueTask DisposeAsync() => World.DisposeAsync();
}
