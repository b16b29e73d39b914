using Alerts.Core.Polling;
using Alerts.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Alerts.Tests.ScaleOut;

/// <summary>
/// Issue 16, item 7: limits that must hold across the instances of a scaled-out app hold across two hosts (two service
/// providers built as the hosts build them) over one storage account.
/// </summary>
public sealed class CrossInstanceLimitTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hosts_together_never_have_more_than_MaxConcurrencyPerEndpoint_requests_in_flight_to_one_endpoint()
    {
        var inFlight = 0;
        var most = 0;
        var entered = new SemaphoreSlim(0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LocalServer.StartAsync(async ctx =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            entered.Release();
            await release.Task;
            Interlocked.Decrement(ref inFlight);
            await LocalServer.Respond(ctx, "{}");
        });
        var settings = new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:AllowHttp"] = "true",
            ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32",
            ["Alerts:Webhooks:MaxConcurrencyPerEndpoint"] = "2",
            ["Alerts:Webhooks:TimeoutSeconds"] = "30",
        };
        await using var a = await TestServices.CreateAsync(settings);
        await using var b = SecondHost(a);
        var url = receiver.BaseUri + "hook";
        var senders = new[]
        {
            a.Get<WebhookSender>(), a.Get<WebhookSender>(), a.Get<WebhookSender>(),
            b.GetRequiredService<WebhookSender>(), b.GetRequiredService<WebhookSender>(), b.GetRequiredService<WebhookSender>()
        };

        var sends = senders.Select((s, i) => Task.Run(() => s.SendAsync("ep_shared", url, "msg_" + i, "{}"u8.ToArray(), ["whsec_" + Convert.ToBase64String(new byte[32])]))).ToList();
        await entered.WaitAsync(TimeSpan.FromSeconds(30));
        await entered.WaitAsync(TimeSpan.FromSeconds(30));
        var busy = new List<SendResult>();
        while (busy.Count < 4)
        {
            var done = await Task.WhenAny(sends);
            sends.Remove(done);
            busy.Add(await done);
        }

        var heldWhileBusy = await a.Get<StorageLeases>().HeldAsync(WebhookSender.LeaseScope("ep_shared"));
        release.SetResult();
        var delivered = await Task.WhenAll(sends);
        var afterwards = await b.GetRequiredService<WebhookSender>().SendAsync("ep_shared", url, "msg_after", "{}"u8.ToArray(), ["whsec_" + Convert.ToBase64String(new byte[32])]);

        Assert.All(busy, r => Assert.Equal(SendKinds.Busy, r.Kind));
        Assert.All(delivered, r => Assert.Equal(SendKinds.Delivered, r.Kind));
        Assert.Equal(2, heldWhileBusy);
        Assert.Equal(2, most);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(SendKinds.Delivered, afterwards.Kind);
        Assert.Equal(0, await a.Get<StorageLeases>().HeldAsync(WebhookSender.LeaseScope("ep_shared")));
    }

    [Fact]
    public async Task Two_hosts_polling_one_source_at_once_fetch_it_once_and_the_second_poll_is_skipped_as_busy()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = new ConcurrentQueue<string>();
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            requests.Enqueue(ctx.Request.Path);
            entered.TrySetResult();
            await release.Task;
            await FederalRegisterServer.Documents(ctx);
        });
        await using var a = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));
        await using var b = SecondHost(a);

        var first = a.Get<PollService>().HandleAsync(new PollMessage("federal-register"));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await b.GetRequiredService<PollService>().HandleAsync(new PollMessage("federal-register"));
        var requestsWhileHeld = requests.Count;
        release.SetResult();
        var firstResult = await first;
        var later = await b.GetRequiredService<PollService>().PollAsync("federal-register");

        Assert.True(second.Busy);
        Assert.True(second.Ok);
        Assert.Empty(second.Recorded);
        Assert.Equal(1, requestsWhileHeld);
        Assert.True(firstResult.Ok, firstResult.Error);
        Assert.False(firstResult.Busy);
        Assert.Equal(3, firstResult.Recorded.Count);
        Assert.False(later.Busy);
        Assert.True(later.Ok, later.Error);
        Assert.Empty(later.Recorded);
    }

    [Fact]
    public async Task A_lease_left_by_a_stopped_instance_is_taken_over_once_it_expires_and_never_before()
    {
        var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var clockA = new FakeTimeProvider(start);
        var clockB = new FakeTimeProvider(start);
        await using var a = await TestServices.CreateAsync(clock: clockA);
        await using var b = SecondHost(a, clockB);
        var leasesA = a.Get<StorageLeases>();
        var leasesB = b.GetRequiredService<StorageLeases>();

        // A takes the slot and stops: its clock never moves again, so it never renews or releases.
        var stale = await leasesA.TryAcquireAsync("poll|federal-register", 1, TimeSpan.FromMinutes(5));
        clockB.Advance(TimeSpan.FromMinutes(4));
        var tooEarly = await leasesB.TryAcquireAsync("poll|federal-register", 1, TimeSpan.FromMinutes(5));
        clockB.Advance(TimeSpan.FromMinutes(2));
        await using var takenOver = await leasesB.TryAcquireAsync("poll|federal-register", 1, TimeSpan.FromMinutes(5));
        var renewedByOldHolder = await stale!.RenewAsync();
        await stale.DisposeAsync();

        Assert.Null(tooEarly);
        Assert.NotNull(takenOver);
        Assert.False(renewedByOldHolder);
        Assert.False(stale.Held);
        Assert.Equal(1, await leasesB.HeldAsync("poll|federal-register")); // the old holder's release did not free the new holder's slot
        Assert.Null(await leasesB.TryAcquireAsync("poll|federal-register", 1, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_held_lease_is_renewed_on_its_holders_clock_so_long_work_keeps_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using var a = await TestServices.CreateAsync(clock: clock);
        var leases = a.Get<StorageLeases>();

        await using var held = await leases.TryAcquireAsync("verify|job", 1, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10)); // fires the renewal timer (every third of the duration)
            Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(30), await held!.ExpiresAtAsync());
        }

        Assert.Equal(1, await leases.HeldAsync("verify|job"));
        Assert.Null(await leases.TryAcquireAsync("verify|job", 1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Released_leases_leave_no_row_behind()
    {
        await using var a = await TestServices.CreateAsync();
        var leases = a.Get<StorageLeases>();

        await (await leases.TryAcquireAsync("warm-up", 1, TimeSpan.FromMinutes(1)))!.DisposeAsync(); // connections and JIT first
        var watch = System.Diagnostics.Stopwatch.StartNew();
        const int Cycles = 20;
        for (var i = 0; i < Cycles; i++)
        {
            await using var lease = await leases.TryAcquireAsync(WebhookSender.LeaseScope("ep_" + (i % 3)), 4, TimeSpan.FromMinutes(1));
            Assert.NotNull(lease);
        }

        output.WriteLine($"lease acquire + release on Azurite: {watch.Elapsed.TotalMilliseconds / Cycles:0.0} ms per cycle ({Cycles} cycles)");
        var rows = 0;
        await foreach (var _ in a.Get<AlertsStorage>().Table(StorageNames.Leases).QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows++;
        }

        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task Bad_lease_arguments_are_refused_and_change_nothing()
    {
        await using var a = await TestServices.CreateAsync();
        var leases = a.Get<StorageLeases>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("x", 0, TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("x", StorageLeases.MaxSlots + 1, TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("x", 1, TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => leases.TryAcquireAsync("", 1, TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await leases.HeldAsync("x"));
    }

    /// <summary>Another host on the same storage (same prefix and settings), built as the hosts build theirs.</summary>
    private static ServiceProvider SecondHost(TestServices first, TimeProvider? clock = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development, ApplicationName = "Alerts.Tests", ContentRootPath = AppContext.BaseDirectory });
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddAlertsCore(new ConfigurationBuilder().AddInMemoryCollection(first.Settings).Build());
        var provider = services.BuildServiceProvider();
        var poller = provider.GetRequiredService<SourcePoller>();
        poller.Limits = poller.Limits with { RetryDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(5) };
        return provider;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
