using Alerts.Core.Delivery;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Alerts.Server.Hosting;

/// <summary>
/// Reads the poll, dispatch, deliver and verify queues and calls the same Core handlers as the Functions queue triggers. Each
/// message runs on its own, at most <see cref="MaxConcurrency"/> at a time per queue, and a free slot is filled at once,
/// so a slow message (a webhook that hangs until its time-out) does not hold back the others. A message is deleted only
/// after its handler succeeds; one that keeps failing is moved to the poison queue after 5 tries, as the Functions host does.
/// </summary>
public sealed partial class QueuePump(IServiceProvider services, AlertsStorage storage, ILogger<QueuePump> logger) : BackgroundService
{
    public const int MaxDequeueCount = 5;

    /// <summary>Messages of one queue handled at the same time.</summary>
    public const int MaxConcurrency = 8;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(StorageNames.AllQueues.Select(q => PumpAsync(q, stoppingToken)));

    private async Task PumpAsync(string queue, CancellationToken stoppingToken)
    {
        var client = storage.Queue(queue);
        var idle = TimeSpan.FromMilliseconds(250);
        using var slots = new SemaphoreSlim(MaxConcurrency);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < MaxConcurrency && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await client.ReceiveMessagesAsync(free, TimeSpan.FromMinutes(5), stoppingToken)).Value;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    slots.Release(free);
                    LogReceiveFailed(logger, queue, ex);
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    slots.Release(free);
                    throw;
                }

                if (messages.Length < free)
                {
                    slots.Release(free - messages.Length);
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, 2000));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(250);
                foreach (var m in messages)
                {
                    _ = RunAsync(client, queue, m, slots, stoppingToken);
                }
            }
        }
        finally
        {
            // Every slot back means every message started here has finished (they observe the same token).
            for (var i = 0; i < MaxConcurrency; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }
        }
    }

    private async Task RunAsync(QueueClient client, string queue, QueueMessage m, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await HandleAsync(services, queue, m.Body.ToString(), ct);
            await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogHandlerFailed(logger, queue, m.MessageId, m.DequeueCount, ex);
            try
            {
                if (m.DequeueCount >= MaxDequeueCount)
                {
                    await storage.Queue(StorageNames.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: ct);
                    await storage.Queue(StorageNames.Poison(queue)).SendMessageAsync(m.Body.ToString(), cancellationToken: ct);
                    await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                }
            }
            catch (Exception poisonEx) when (!ct.IsCancellationRequested)
            {
                LogHandlerFailed(logger, queue, m.MessageId, m.DequeueCount, poisonEx);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopping: the message becomes visible again and is handled on the next start.
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>The body of each queue handler; the Functions queue triggers call the same Core methods.</summary>
    public static Task HandleAsync(IServiceProvider services, string queue, string body, CancellationToken cancellationToken) => queue switch
    {
        StorageNames.PollQueue => services.GetRequiredService<PollService>().HandleAsync(QueueSender.Parse<PollMessage>(body), cancellationToken),
        StorageNames.DispatchQueue => services.GetRequiredService<DispatchService>().DispatchAsync(QueueSender.Parse<DispatchMessage>(body), cancellationToken),
        StorageNames.DeliverQueue => services.GetRequiredService<DispatchService>().DeliverAsync(QueueSender.Parse<DeliverMessage>(body), cancellationToken),
        StorageNames.VerifyQueue => services.GetRequiredService<VerifyJobs>().RunAsync(QueueSender.Parse<VerifyMessage>(body), cancellationToken),
        _ => throw new InvalidOperationException($"No handler for queue {queue}."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed")]
    private static partial void LogReceiveFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling message {MessageId} of queue {Queue} failed (try {DequeueCount})")]
    private static partial void LogHandlerFailed(ILogger logger, string queue, string messageId, long dequeueCount, Exception exception);
}
