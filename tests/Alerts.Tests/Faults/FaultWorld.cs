using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Polling;
using Alerts.Core.Webhooks;
using Alerts.Server.Hosting;
using Alerts.Tests.Webhooks;
using Azure;

namespace Alerts.Tests.Faults;

/// <summary>What a fault case ended with: losses and duplicates per kind, and the verify result.</summary>
public sealed record FaultOutcome(
    int Changes, int LostChanges, int DuplicatedChanges,
    int Deliveries, int Delivered, int Dead, int DeadWithoutReason, int LostDeliveries, int DuplicatedDeliveries, int RepeatedWithSameWebhookId,
    bool VerifyOk, string Verify, int PendingDispatches, int Poisoned)
{
    public bool Clean => LostChanges == 0 && DuplicatedChanges == 0 && LostDeliveries == 0 && DuplicatedDeliveries == 0 && DeadWithoutReason == 0
        && VerifyOk && PendingDispatches == 0 && Poisoned == 0;

    public string Describe() =>
        $"{Changes} changes ({LostChanges} lost, {DuplicatedChanges} duplicated); {Deliveries} deliveries: {Delivered} delivered, {Dead} dead" +
        $"{(DeadWithoutReason > 0 ? $" ({DeadWithoutReason} without a reason)" : " with a reason")}, {LostDeliveries} lost, {DuplicatedDeliveries} duplicated" +
        $"{(RepeatedWithSameWebhookId > 0 ? $", {RepeatedWithSameWebhookId} webhook POST(s) repeated with the same webhook-id" : "")}; " +
        $"verify {(VerifyOk ? "clean" : "FAILED: " + Verify)}{(PendingDispatches > 0 ? $"; {PendingDispatches} dispatches pending" : "")}{(Poisoned > 0 ? $"; {Poisoned} poison messages" : "")}";
}

/// <summary>Thrown by a crash hook: the "process" dies there (its token is cancelled, so no catch in Core turns it into a handled failure).</summary>
public sealed class ProcessKilledException(string step, CancellationToken token) : OperationCanceledException("process killed at " + step, token)
{
    public string Step { get; } = step;
}

/// <summary>
/// One fault case's world, all on 127.0.0.1: a feed publisher (the USTR press fixture plus items the case adds), webhook
/// receivers, SendGrid, Core hosts ("processes") on one Azurite storage and a fake clock. Hosts run the real queue handlers
/// (<see cref="QueuePump.HandleAsync"/>): a message is deleted only after its handler succeeds; a failed one comes back five
/// minutes later (the pump's visibility time-out) and goes to the poison queue after five tries. Delayed messages (retries,
/// Retry-After) are held on the fake clock through <see cref="QueueSender"/>'s seam and sent when due, because Azurite's
/// visibility delay runs on the wall clock. A crash hook at a named step kills the current host there; the next host is
/// a fresh one on the same storage (no in-memory state survives) and the killed host's messages come back.
/// </summary>
public sealed class FaultWorld : IAsyncDisposable
{
    public const string Source = "ustr-press";
    public const string Team = "team-a";

    private readonly List<TestServices> _hosts = [];
    private readonly HashSet<TestServices> _dead = [];
    private readonly ConcurrentDictionary<TestServices, CancellationTokenSource> _lives = new();
    private readonly HeldMessages _held;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Queue, string Id, string Receipt, string Body)> _inFlight = new(StringComparer.Ordinal);
    private readonly List<string> _feedItems = [];
    private readonly IDictionary<string, string?> _settings;
    private int _crashed;

    private FaultWorld(LocalServer feed, LocalServer receiver, FakeSendGrid sendGrid, FakeTimeProvider clock, IDictionary<string, string?> settings)
    {
        Feed = feed;
        Receiver = receiver;
        SendGrid = sendGrid;
        Clock = clock;
        _settings = settings;
        _held = HeldMessages.For(clock, () => Host.Get<AlertsStorage>());
    }

    public LocalServer Feed { get; }

    public LocalServer Receiver { get; }

    public FakeSendGrid SendGrid { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>The host that runs now (the last one started that was not killed).</summary>
    public TestServices Host => _hosts.Last(h => !_dead.Contains(h));

    /// <summary>Every host started, the killed ones included.</summary>
    public IReadOnlyList<TestServices> Hosts => _hosts;

    public List<string> EndpointIds { get; } = [];

    public List<Subscriber> Subscribers { get; } = [];

    /// <summary>The endpoints (by index) that answer 503 for now; the others answer 200.</summary>
    public ConcurrentDictionary<int, bool> DownReceivers { get; } = new();

    /// <summary>SendGrid's answer to a request at the clock's time: null is 202; otherwise (status, Retry-After seconds).</summary>
    public Func<DateTimeOffset, (int Status, int RetryAfter)?>? SendGridAnswer { get; set; }

    /// <summary>webhook-id → POSTs the receivers answered 2xx.</summary>
    public ConcurrentDictionary<string, int> WebhooksAccepted { get; } = new(StringComparer.Ordinal);

    /// <summary>Every webhook POST received (any answer).</summary>
    public ConcurrentQueue<(string WebhookId, DateTimeOffset At, int Status)> WebhookPosts { get; } = new();

    /// <summary>"change id|address" → personalizations SendGrid accepted.</summary>
    public ConcurrentDictionary<string, int> MailsAccepted { get; } = new(StringComparer.Ordinal);

    private int _sendGridRequests;
    private int _sendGridRefused;

    /// <summary>Mail/send requests SendGrid received with the right key, and how many of them it refused (429).</summary>
    public int SendGridRequests => _sendGridRequests;

    public int SendGridRefused => _sendGridRefused;

    /// <summary>The step at which the current host is killed (once), and how many times the step is passed before.</summary>
    public string? CrashAt { get; set; }

    public int CrashAfter { get; set; }

    /// <summary>Runs after a handler failed or storage could not be reached (the Azurite case starts storage again here).</summary>
    public Func<Task>? OnHandlerFailed { get; set; }

    /// <summary>Runs when a step is reached (after the crash check): the Azurite case stops storage here.</summary>
    public Func<string, int, Task>? OnStep { get; set; }

    private readonly ConcurrentDictionary<string, int> _reached = new(StringComparer.Ordinal);

    /// <summary>Steps reached so far (all hosts).</summary>
    public int Reached(string step) => _reached.TryGetValue(step, out var n) ? n : 0;

    public bool Crashed => _crashed > 0;

    public static async Task<FaultWorld> CreateAsync(int endpoints = 3, int subscribers = 3, IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        FaultWorld? world = null;
        var feed = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, world!.FeedBody(), "application/rss+xml; charset=utf-8"));
        var receiver = await LocalServer.StartAsync(ctx => world!.ReceiveWebhookAsync(ctx));
        var sendGrid = await FakeSendGrid.StartAsync();
        sendGrid.Answer = (_, mail, ctx) => world!.AnswerMailAsync(mail, ctx);
        var all = new Dictionary<string, string?>
        {
            [$"Alerts:Sources:{Source}:BaseUrl"] = feed.BaseUri.ToString().TrimEnd('/'),
            ["Alerts:Webhooks:AllowHttp"] = "true",
            ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32",
            ["Alerts:Webhooks:TimeoutSeconds"] = "5",
        }.Overlay(sendGrid.Settings("https://alerts.example.test")).Overlay(settings);

        world = new FaultWorld(feed, receiver, sendGrid, clock, all);
        var first = await world.StartHostAsync();
        world._settings["Alerts:StoragePrefix"] = first.Prefix;
        var store = first.Get<WebhookStore>();
        for (var i = 0; i < endpoints; i++)
        {
            var id = WebhookStore.NewId();
            await store.CreateAsync(new WebhookEndpoint
            {
                Id = id, TeamId = Team, Url = receiver.BaseUri + "hook/" + i.ToString(CultureInfo.InvariantCulture), CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow()
            });
            world.EndpointIds.Add(id);
        }

        var subs = Enumerable.Range(0, subscribers).Select(i => new Subscriber
        {
            Id = SubscriberStore.NewId(),
            Email = $"reader{i}@example.org",
            State = SubscriberState.Active,
            CreatedAt = clock.GetUtcNow(),
            ConfirmedAt = clock.GetUtcNow(),
        }).ToList();
        if (subs.Count > 0)
        {
            await first.Get<SubscriberStore>().BulkAddAsync(subs);
        }

        world.Subscribers.AddRange(subs);
        return world;
    }

    /// <summary>Starts another host ("process") on the same storage, with the world's seams wired in.</summary>
    public async Task<TestServices> StartHostAsync()
    {
        var host = await TestServices.CreateAsync(new Dictionary<string, string?>(_settings), Clock, s => s.AddSingleton<IHostResolver>(new TestResolver()));
        _held.Attach(host);
        host.Get<ChangeRecorder>().Step = StepAsync;
        host.Get<PollService>().Step = StepAsync;
        host.Get<DispatchService>().Step = StepAsync;
        host.Provider.GetServices<IDispatchTarget>().OfType<WebhookDispatchTarget>().Single().Step = StepAsync;
        _lives[host] = new CancellationTokenSource();
        host.Get<WebhookChannel>().AfterSend = () => StepAsync("deliver.sent", _lives[host].Token);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Adds items to the feed (new press releases the next poll finds).</summary>
    public void Publish(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _feedItems.Add("fault-" + (_feedItems.Count + 1).ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Item keys every poll sees: the fixture's three and the published ones.</summary>
    public IReadOnlyList<string> ExpectedItemKeys => ["18321 at https://ustr.gov", "18290 at https://ustr.gov", "18012 at https://ustr.gov", .. _feedItems.Select(k => k + " at https://ustr.gov")];

    private string FeedBody()
    {
        var body = File.ReadAllText(Path.Combine(Paths.Fixtures, "feeds", "ustr-press.xml"));
        var items = new StringBuilder();
        foreach (var key in _feedItems)
        {
            items.Append(CultureInfo.InvariantCulture, $"""
                <item>
                  <title>USTR Announces Section 301 Action on Legacy Semiconductors ({key})</title>
                  <link>https://ustr.gov/about-us/policy-offices/press-office/press-releases/2026/{key}</link>
                  <description>USTR today announced tariff action on semiconductors from China ({key}).</description>
                  <pubDate>Mon, 30 Nov 2026 09:00:00 +0000</pubDate>
                  <guid isPermaLink="false">{key} at https://ustr.gov</guid>
                </item>
                """);
        }

        var at = body.IndexOf("<item>", StringComparison.Ordinal);
        return body.Insert(at, items.ToString());
    }

    private async Task ReceiveWebhookAsync(HttpContext ctx)
    {
        var id = ctx.Request.Headers["webhook-id"].ToString();
        var path = ctx.Request.Path.Value ?? "";
        var index = int.Parse(path[(path.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        var status = DownReceivers.ContainsKey(index) ? 503 : 200;
        WebhookPosts.Enqueue((id, Clock.GetUtcNow(), status));
        if (status == 200)
        {
            WebhooksAccepted.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        await LocalServer.Respond(ctx, status == 200 ? "{}" : "{\"error\":\"down\"}", status: status);
    }

    /// <summary>SendGrid's answer: refused while <see cref="SendGridAnswer"/> says so (true: answered here); else counted and left to the default 202.</summary>
    private async Task<bool> AnswerMailAsync(JsonElement mail, HttpContext ctx)
    {
        Interlocked.Increment(ref _sendGridRequests);
        if (SendGridAnswer?.Invoke(Clock.GetUtcNow()) is { } answer)
        {
            Interlocked.Increment(ref _sendGridRefused);
            ctx.Response.StatusCode = answer.Status;
            ctx.Response.Headers.RetryAfter = answer.RetryAfter.ToString(CultureInfo.InvariantCulture);
            await ctx.Response.WriteAsync("{\"errors\":[{\"message\":\"too many requests\"}]}");
            return true;
        }

        foreach (var p in mail.GetProperty("personalizations").EnumerateArray())
        {
            var change = p.GetProperty("custom_args").GetProperty("change_id").GetString();
            var to = p.GetProperty("to")[0].GetProperty("email").GetString();
            MailsAccepted.AddOrUpdate(change + "|" + to, 1, (_, n) => n + 1);
        }

        return false;
    }

    /// <summary>The crash hook every seam calls: kills the current host at <see cref="CrashAt"/> once.</summary>
    public async Task StepAsync(string step, CancellationToken cancellationToken)
    {
        var n = _reached.AddOrUpdate(step, 1, (_, c) => c + 1);
        if (step == CrashAt && n > CrashAfter && Interlocked.CompareExchange(ref _crashed, 1, 0) == 0)
        {
            // The host whose work reached the step dies: its token is cancelled, so no catch in Core handles the exception.
            var life = _lives.Values.FirstOrDefault(l => l.Token == cancellationToken) ?? _lives[Host];
            await life.CancelAsync();
            throw new ProcessKilledException(step, life.Token);
        }

        if (OnStep is { } on)
        {
            await on(step, n);
        }
    }

    /// <summary>Asks the hosts to poll the source (one poll message each, as the scheduler of each would).</summary>
    public async Task EnqueuePollAsync(int copies = 1)
    {
        for (var i = 0; i < copies; i++)
        {
            await Host.Get<QueueSender>().SendAsync(StorageNames.PollQueue, new PollMessage(Source));
        }
    }

    /// <summary>
    /// Runs the queues until nothing is left to do: every visible message through the hosts (several at once when
    /// <paramref name="hosts"/> &gt; 1), then the clock moved to the next held message or reconciler run. A host killed by
    /// the crash hook is replaced by a fresh one. Stops after <paramref name="horizon"/> of simulated time.
    /// </summary>
    public async Task RunAsync(TimeSpan? horizon = null, int hosts = 1)
    {
        var end = Clock.GetUtcNow() + (horizon ?? TimeSpan.FromDays(5));
        while (hosts > _hosts.Count)
        {
            await StartHostAsync();
        }

        for (var round = 0; round < 10_000; round++)
        {
            var running = _hosts.Where(h => !_dead.Contains(h)).TakeLast(hosts).ToList();
            var handled = await Task.WhenAll(running.Select(DrainAsync));
            if (handled.Any(h => h == -1))
            {
                await RestartAsync();
                continue;
            }

            if (handled.Any(h => h < 0))
            {
                await ReturnInFlightAsync();
                continue;
            }

            if (handled.Sum() > 0)
            {
                continue;
            }

            if (!_inFlight.IsEmpty)
            {
                await ReturnInFlightAsync();
                continue;
            }

            // Quiet: move the clock to the next thing due (a held message, or the reconciler's next run).
            var next = _held.NextDue;

            if (next is null)
            {
                Clock.Advance(DispatchService.ReconcileAfter + TimeSpan.FromMinutes(1));
                if (await Host.Get<DispatchService>().ReconcileAsync() == 0 && !await AnyVisibleAsync())
                {
                    return;
                }

                continue;
            }

            if (next > end)
            {
                return;
            }

            if (next > Clock.GetUtcNow())
            {
                Clock.Advance(next.Value - Clock.GetUtcNow());
            }

            await _held.ReleaseDueAsync();
        }

        throw new InvalidOperationException("The fault world did not come to rest in 10,000 rounds.");
    }

    private async Task<bool> AnyVisibleAsync()
    {
        foreach (var q in StorageNames.AllQueues)
        {
            if ((await Host.Get<AlertsStorage>().Queue(q).PeekMessagesAsync(1)).Value.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fresh host after a kill; what the killed one held comes back on the queues (its visibility time-out passed).</summary>
    public async Task RestartAsync()
    {
        await StartHostAsync();
        await ReturnInFlightAsync();
    }

    /// <summary>Messages received but neither deleted nor given back (their handler was killed, or storage went away) become visible again.</summary>
    public async Task ReturnInFlightAsync()
    {
        foreach (var (key, m) in _inFlight.ToArray())
        {
            var queue = Host.Get<AlertsStorage>().Queue(m.Queue);
            try
            {
                await queue.UpdateMessageAsync(m.Id, m.Receipt, visibilityTimeout: TimeSpan.Zero);
            }
            catch (Exception ex) when (Unreachable(ex))
            {
                await queue.SendMessageAsync(m.Body);
            }

            _inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>Handles every visible message once on <paramref name="host"/>; -1 when the host was killed.</summary>
    private async Task<int> DrainAsync(TestServices host)
    {
        var life = _lives[host].Token;
        var count = 0;
        foreach (var q in StorageNames.AllQueues)
        {
            var queue = host.Get<AlertsStorage>().Queue(q);
            Azure.Storage.Queues.Models.QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value;
            }
            catch (Exception ex) when (Unreachable(ex))
            {
                if (OnHandlerFailed is { } failed)
                {
                    await failed();
                }

                return -2; // storage unreachable: the host tries again on the next round
            }

            foreach (var m in batch)
            {
                _inFlight[q + "|" + m.MessageId] = (q, m.MessageId, m.PopReceipt, m.Body.ToString());
            }

            foreach (var m in batch)
            {
                var body = m.Body.ToString();
                var key = q + "|" + m.MessageId;
                try
                {
                    await QueuePump.HandleAsync(host.Provider, q, body, life);
                    if (q == StorageNames.DeliverQueue)
                    {
                        await StepAsync("deliver.handled", life);
                    }

                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                    _inFlight.TryRemove(key, out _);
                    count++;
                }
                catch (OperationCanceledException) when (life.IsCancellationRequested)
                {
                    _dead.Add(host);
                    return -1;
                }
                catch (Exception)
                {
                    // The pump leaves a failed message for its visibility time-out (five minutes) and poisons it after five tries.
                    var tries = _failures.AddOrUpdate(body, 1, (_, n) => n + 1);
                    try
                    {
                        await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                        _inFlight.TryRemove(key, out _);
                        if (tries >= QueuePump.MaxDequeueCount)
                        {
                            await host.Get<AlertsStorage>().Queue(StorageNames.Poison(q)).SendMessageAsync(body);
                        }
                        else
                        {
                            await _held.HoldAsync(q, body, TimeSpan.FromMinutes(5));
                        }
                    }
                    catch (Exception ex) when (Unreachable(ex))
                    {
                        // Storage is away: the message stays in flight and comes back when it returns.
                    }

                    count++;
                    if (OnHandlerFailed is { } failed)
                    {
                        await failed();
                    }
                }
            }
        }

        return count;
    }

    /// <summary>Storage answered with an error, or could not be reached at all (the SDK's retries end in an AggregateException).</summary>
    private static bool Unreachable(Exception ex) => ex is RequestFailedException or AggregateException or HttpRequestException;

    /// <summary>Counts what the case lost or duplicated: changes against the feed, deliveries against what the receivers got.</summary>
    public async Task<FaultOutcome> CheckAsync()
    {
        var host = Host;
        var log = host.Get<ChangeLogStore>();
        var entries = new List<(string Id, string ItemKey)>();
        await foreach (var e in log.ScanEntriesAsync())
        {
            entries.Add((e.GetString("ChangeId") ?? "", e.GetString("ItemKey") ?? ""));
        }

        var expected = ExpectedItemKeys;
        var byKey = entries.GroupBy(e => e.ItemKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lostChanges = expected.Count(k => !byKey.ContainsKey(k));
        var dupChanges = byKey.Values.Sum(n => n - 1) + entries.Count(e => !expected.Contains(e.ItemKey));

        var ledger = host.Get<DeliveryLedger>();
        var emails = host.Get<EmailDeliveryStore>();
        int deliveries = 0, delivered = 0, dead = 0, deadNoReason = 0, lost = 0, dup = 0, repeated = 0;
        foreach (var (changeId, _) in entries)
        {
            foreach (var ep in EndpointIds)
            {
                deliveries++;
                var d = await ledger.GetAsync(changeId, WebhookChannel.Name, ep);
                var posts = d is null ? 0 : WebhooksAccepted.GetValueOrDefault(WebhookSigner.MessageId(d.Id));
                if (d is null || d.Status == DeliveryStatus.Pending)
                {
                    lost++;
                }
                else if (d.Status == DeliveryStatus.Delivered)
                {
                    delivered++;
                    if (posts == 0)
                    {
                        lost++;
                    }

                    repeated += Math.Max(0, posts - 1);
                }
                else
                {
                    dead++;
                    deadNoReason += string.IsNullOrWhiteSpace(d.LastError) && d.LastStatusCode is null ? 1 : 0;
                    dup += posts; // a dead delivery the receiver accepted
                }
            }

            foreach (var s in Subscribers)
            {
                deliveries++;
                var mails = MailsAccepted.GetValueOrDefault(changeId + "|" + s.Email);
                var status = await emails.StatusAsync(changeId, s.Id);
                if (mails == 1)
                {
                    delivered++;
                }
                else if (mails > 1)
                {
                    delivered++;
                    dup += mails - 1;
                }
                else if (status is EmailStatus.Failed or EmailStatus.Rejected)
                {
                    dead++;
                }
                else
                {
                    lost++;
                }
            }
        }

        var verify = await host.Get<ChangeLogVerifier>().VerifyAsync();
        var pending = 0;
        await foreach (var _ in log.PendingDispatchAsync())
        {
            pending++;
        }

        var poisoned = 0;
        foreach (var q in StorageNames.AllQueues)
        {
            poisoned += (await host.Get<AlertsStorage>().Queue(StorageNames.Poison(q)).PeekMessagesAsync(32)).Value.Length;
        }

        return new FaultOutcome(entries.Count, lostChanges, dupChanges, deliveries, delivered, dead, deadNoReason, lost, dup, repeated, verify.Ok, verify.Describe(), pending, poisoned);
    }

    public async ValueTask DisposeAsync()
    {
        // Every host shares the one storage prefix: the first disposal deletes it, the others find nothing to delete.
        foreach (var host in _hosts)
        {
            try
            {
                await host.DisposeAsync();
            }
            catch (Exception ex) when (Unreachable(ex))
            {
                // The case's own storage is gone already.
            }
        }

        foreach (var life in _lives.Values)
        {
            life.Dispose();
        }

        await Feed.DisposeAsync();
        await Receiver.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}
