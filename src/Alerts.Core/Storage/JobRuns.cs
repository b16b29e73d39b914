namespace Alerts.Core.Storage;

/// <summary>
/// Records the last run of each job of <see cref="Schedules.All"/> (one row per job in the <c>jobruns</c> table), in both
/// hosts: the Functions timers and the self-host's scheduler run every job through <see cref="RunAsync"/>.
/// </summary>
public sealed class JobRuns(AlertsStorage storage, TimeProvider time)
{
    private const string Partition = "job";

    private TableClient Table => storage.Table(StorageNames.JobRuns);

    /// <summary>Runs <paramref name="job"/> and records when it ran and how it ended; the job's exception is rethrown.</summary>
    public async Task RunAsync(string name, Func<CancellationToken, Task> job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = time.GetUtcNow();
        try
        {
            await job(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordAsync(new JobRun(name, started, time.GetUtcNow(), false, ex.GetType().Name + ": " + ex.Message), CancellationToken.None);
            throw;
        }

        await RecordAsync(new JobRun(name, started, time.GetUtcNow(), true, null), cancellationToken);
    }

    public async Task RecordAsync(JobRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await Table.UpsertEntityAsync(new TableEntity(Partition, TableKeys.Encode(run.Job))
        {
            ["StartedAt"] = run.StartedAt,
            ["FinishedAt"] = run.FinishedAt,
            ["Succeeded"] = run.Succeeded,
            ["Error"] = EntityText.Error(run.Error),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The last run of every job that has run (one partition, at most one row per schedule).</summary>
    public async Task<IReadOnlyList<JobRun>> LastRunsAsync(CancellationToken cancellationToken = default)
    {
        var runs = new List<JobRun>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            runs.Add(new JobRun(
                TableKeys.Decode(e.RowKey), e.GetDateTimeOffset("StartedAt") ?? default, e.GetDateTimeOffset("FinishedAt") ?? default, e.GetBoolean("Succeeded") ?? false,
                e.GetString("Error")));
        }

        return runs;
    }
}
