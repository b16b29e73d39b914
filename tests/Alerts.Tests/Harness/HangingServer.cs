using Alerts.Core.Polling;

namespace Alerts.Tests.Harness;

/// <summary>
/// A source's server that never answers: it holds every request until the client gives up on it. The fetch's time-out and
/// its back-off run on the service's clock, so <see cref="PastTimeOutsAsync{T}"/> passes them on a <see cref="WatchedClock"/>,
/// each once the request has arrived or the back-off is scheduled, instead of waiting for them in real time.
/// </summary>
public sealed class HangingServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _arrived = new(0);

    private HangingServer(LocalServer server) => Server = server;

    public LocalServer Server { get; }

    public static async Task<HangingServer> StartAsync()
    {
        HangingServer? hanging = null;
        var server = await LocalServer.StartAsync(async ctx =>
        {
            hanging!._arrived.Release();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        hanging = new HangingServer(server);
        return hanging;
    }

    /// <summary>
    /// Lets <paramref name="poll"/> (started on <paramref name="services"/> with <paramref name="clock"/>) run out its attempts:
    /// for each one, waits for the request to arrive and passes its time-out, then passes the back-off before the next one.
    /// </summary>
    public async Task<T> PastTimeOutsAsync<T>(TestServices services, WatchedClock clock, Task<T> poll)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clock);
        var limits = services.Get<SourcePoller>().Limits;
        for (var attempt = 1; attempt <= limits.MaxAttempts; attempt++)
        {
            Assert.True(await _arrived.WaitAsync(WatchedClock.Patience), $"request {attempt} never arrived");
            var before = clock.TimersCreated;
            clock.Advance(limits.Timeout);
            if (attempt < limits.MaxAttempts)
            {
                var backOff = await clock.TimerAsync(t => t.Index >= before && t.OneShot && t.DueTime == limits.RetryDelay);
                clock.Advance(backOff.DueTime);
            }
        }

        return await poll.WaitAsync(WatchedClock.Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _arrived.Dispose();
    }
}
