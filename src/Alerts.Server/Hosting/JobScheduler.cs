using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Alerts.Core.Polling;
using Alerts.Core;

namespace Alerts.Server.Hosting;

/// <summary>Runs <see cref="Schedules.All"/> in process, each on its period: the self-host's equivalent of the Functions timers.</summary>
public sealed partial class JobScheduler(IServiceProvider services, TimeProvider time, ILogger<JobScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Schedules.All.Select(s => RunAsync(s, stoppingToken)));

    private async Task RunAsync(Schedule schedule, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(schedule.Period, time);
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
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The body of each scheduled job; the Functions timers call the same Core methods.</summary>
    public static Task RunJobAsync(IServiceProvider services, string name, CancellationToken cancellationToken) => name switch
    {
        nameof(Schedules.PollDue) => services.GetRequiredService<PollScheduler>().EnqueueDueAsync(cancellationToken),
        nameof(Schedules.Reconcile) => services.GetRequiredService<DispatchService>().ReconcileAsync(cancellationToken),
        nameof(Schedules.Anchor) => services.GetRequiredService<AnchorService>().PublishAsync(cancellationToken),
        nameof(Schedules.Digests) => services.GetRequiredService<DigestService>().RunAsync(cancellationToken),
        _ => throw new InvalidOperationException($"No job {name}."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed")]
    private static partial void LogJobFailed(ILogger logger, string job, Exception exception);
}
