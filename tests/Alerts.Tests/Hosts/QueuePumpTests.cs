using Alerts.Core.Delivery;
using Alerts.Core.Webhooks;
using Alerts.Server.Hosting;
using Alerts.Tests.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerts.Tests.Hosts;

public sealed class QueuePumpTests
{
    [Fact]
    public async Task A_webhook_that_hangs_does_not_hold_back_a_message_received_after_it()
    {
        var slowArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fastArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await LocalServer.StartAsync(async ctx =>
        {
            slowArrived.TrySetResult();
            await release.Task;
            await LocalServer.Respond(ctx, "ok", "text/plain");
        });
        await using var fast = await LocalServer.StartAsync(ctx =>
        {
            fastArrived.TrySetResult();
            return LocalServer.Respond(ctx, "ok", "text/plain");
        });
        // The slow endpoint answers only when the test releases it, long after the fast one is expected.
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?> { ["Alerts:Webhooks:TimeoutSeconds"] = "300" });
        var (slowId, _) = await kit.RegisterAsync(slow.BaseUri + "hook");
        var change = await kit.ChangeAsync();
        using var pump = new QueuePump(kit.Services.Provider, kit.Get<AlertsStorage>(), NullLogger<QueuePump>.Instance);

        await pump.StartAsync(CancellationToken.None);
        try
        {
            await kit.DispatchAsync(change);
            await slowArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var (fastId, _) = await kit.RegisterAsync(fast.BaseUri + "hook");
            await kit.DispatchAsync(change); // queues the new endpoint's delivery (and the pending slow one again)
            await fastArrived.Task.WaitAsync(TimeSpan.FromSeconds(60)); // a pump waiting for the slow one would stay here until the 300 s time-out

            var slowDelivery = await kit.Get<DeliveryLedger>().GetAsync(change.Id, WebhookChannel.Name, slowId);
            Assert.NotEqual(DeliveryStatus.Delivered, slowDelivery!.Status);
            Assert.Single(fast.Requests);
            Assert.NotNull(await kit.Get<DeliveryLedger>().GetAsync(change.Id, WebhookChannel.Name, fastId));
        }
        finally
        {
            release.TrySetResult();
            await pump.StopAsync(CancellationToken.None);
        }
    }
}
