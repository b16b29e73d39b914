using Alerts.Core.Delivery;
using Alerts.Core.Polling;
using Alerts.Core.Storage;
using Azure.Storage.Queues.Models;

namespace Alerts.Server.Hosting;

/// <summary>
/// Reads the poll, dispatch and deliver queues and calls the same Core handlers as the Functions queue triggers. A message
/// is deleted only after its handler succeeds; one that keeps failing is moved to the poison queue after 5 tries,
/// as the Functions host does.
/// </summary>
public sealed partial class QueuePump(IServiceProvider services, AlertsStorage storage, ILogger<QueuePump> logger) : BackgroundService
{
    public const int MaxDequeueCount = 5;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(StorageNames.AllQueues.Select(q => PumpAsync(q, stoppingToken)));

    private async Task PumpAsync(string queue, CancellationToken stoppingToken)
    {
        var client = storage.Queue(queue);
        var idle = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await client.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5), stoppingToken)).Value;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReceiveFailed(logger, queue, ex);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                continue;
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idle, stoppingToken);
                idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, 2000));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(250);
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken }, async (m, ct) =>
            {
                try
                {
                    await HandleAsync(services, queue, m.Body.ToString(), ct);
                    await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogHandlerFailed(logger, queue, m.MessageId, m.DequeueCount, ex);
                    if (m.DequeueCount >= MaxDequeueCount)
                    {
                        await storage.Queue(queue + "-poison").CreateIfNotExistsAsync(cancellationToken: ct);
                        await storage.Queue(queue + "-poison").SendMessageAsync(m.Body.ToString(), cancellationToken: ct);
                        await client.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                    }
                }
            });
        }
    }

    /// <summary>The body of each queue handler; the Functions queue triggers call the same Core methods.</summary>
    public static Task HandleAsync(IServiceProvider services, string queue, string body, CancellationToken cancellationToken) => queue switch
    {
        StorageNames.PollQueue => services.GetRequiredService<PollService>().PollAsync(QueueSender.Parse<PollMessage>(body).SourceId, cancellationToken: cancellationToken),
        StorageNames.DispatchQueue => services.GetRequiredService<DispatchService>().DispatchAsync(QueueSender.Parse<DispatchMessage>(body), cancellationToken),
        StorageNames.DeliverQueue => services.GetRequiredService<DispatchService>().DeliverAsync(QueueSender.Parse<DeliverMessage>(body), cancellationToken),
        _ => throw new InvalidOperationException($"No handler for queue {queue}."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed")]
    private static partial void LogReceiveFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling message {MessageId} of queue {Queue} failed (try {DequeueCount})")]
    private static partial void LogHandlerFailed(ILogger logger, string queue, string messageId, long dequeueCount, Exception exception);
}
