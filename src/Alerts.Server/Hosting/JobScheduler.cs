using Alerts.Core.Deadlines;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Cronos;

namespace Alerts.Server.Hosting;

/// <summary>
/// Runs <see cref="Schedules.All"/> in process on the same CRON expressions as the Functions timers (read with Cronos,
/// seconds included, UTC): each job once at start, then at every occurrence of its expression.
/// </summary>
public sealed partial class JobScheduler(IServiceProvider services, TimeProvider time, ILogger<JobScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Schedules.All.Select(s => RunAsync(s, stoppingToken)));

    private async Task RunAsync(Schedule schedule, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await RunJobAsync(services, schedule.Name, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogJobFailed(logger, schedule.Name, ex);
            }
        }
        while (await WaitForNextAsync(schedule, stoppingToken));
    }

    /// <summary>The next time after <paramref name="after"/> the schedule's CRON expression fires (six fields, seconds first, UTC), as on Functions.</summary>
    public static DateTimeOffset? NextOccurrence(Schedule schedule, DateTimeOffset after) =>
        CronExpression.Parse(schedule.Cron, CronFormat.IncludeSeconds).GetNextOccurrence(after, TimeZoneInfo.Utc);

    private async Task<bool> WaitForNextAsync(Schedule schedule, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (NextOccurrence(schedule, now) is not { } next)
        {
            return false;
        }

        await Task.Delay(next - now, time, stoppingToken);
        return true;
    }

    /// <summary>The body of each scheduled job; the Functions timers call the same Core methods.</summary>
    public static Task RunJobAsync(IServiceProvider services, string name, CancellationToken cancellationToken) =>
        services.GetRequiredService<JobRuns>().RunAsync(name, ct => JobAsync(services, name, ct), cancellationToken);

    private static Task JobAsync(IServiceProvider services, string name, CancellationToken cancellationToken) => name switch
    {
        nameof(Schedules.PollDue) => services.GetRequiredService<PollScheduler>().EnqueueDueAsync(cancellationToken),
        nameof(Schedules.Reconcile) => services.GetRequiredService<DispatchService>().ReconcileAsync(cancellationToken),
        nameof(Schedules.Anchor) => services.GetRequiredService<AnchorService>().PublishAsync(cancellationToken),
        nameof(Schedules.Digests) => services.GetRequiredService<DigestService>().RunAsync(cancellationToken),
        nameof(Schedules.Reminders) => services.GetRequiredService<DeadlineReminders>().RunAsync(cancellationToken),
        _ => throw new InvalidOperationException($"No job {name}."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed")]
    private static partial void LogJobFailed(ILogger logger, string job, Exception exception);
}
