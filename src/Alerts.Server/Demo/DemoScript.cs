namespace Alerts.Server.Demo;

/// <summary>
/// The demo's scripted changes. The scheduler polls every source at start (the baseline); each step waits for its time
/// and for every demo source to have been polled successfully once (so a change never lands in the baseline), then moves
/// the replay to its stage and polls its sources at once, as <c>POST /api/sources/{id}/poll</c> does.
/// </summary>
public sealed partial class DemoScript(DemoWorld world, SourceAdministration sources, SourceStateStore states, TimeProvider time, ILogger<DemoScript> logger) : BackgroundService
{
    /// <summary>How often a step due before the baseline is recorded looks again.</summary>
    public static readonly TimeSpan BaselineRetry = TimeSpan.FromSeconds(5);

    public static readonly IReadOnlyList<DemoStep> Steps =
    [
        new(TimeSpan.FromSeconds(40), 1, ["federal-register", "ustr-press"],
            "a new Federal Register rule (2025-00636, Framework for Artificial Intelligence Diffusion) and a new USTR press release"),
        new(TimeSpan.FromSeconds(80), 2, ["csl-entity-list"],
            "a new Entity List entry (China Electronics Technology Group Corporation 13th Research Institute)"),
    ];

    /// <summary>The step the script has reached (0: none yet).</summary>
    public int Done { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var start = time.GetUtcNow();
        foreach (var step in Steps)
        {
            var wait = start + step.After - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }

            while (!await BaselineRecordedAsync(stoppingToken))
            {
                await Task.Delay(BaselineRetry, time, stoppingToken);
            }

            world.Replay.Stage = step.Stage;
            foreach (var id in step.Sources)
            {
                await sources.PollNowAsync(id, stoppingToken);
            }

            Done = step.Stage;
            LogStep(logger, step.What);
        }
    }

    /// <summary>True once every demo source has been polled successfully.</summary>
    public async Task<bool> BaselineRecordedAsync(CancellationToken cancellationToken = default)
    {
        var all = await states.GetAllAsync(cancellationToken);
        return DemoSettings.Sources.All(id => all.TryGetValue(id, out var s) && s.LastSuccessAt is not null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the replay now serves {What}; polling it now")]
    private static partial void LogStep(ILogger logger, string what);
}
