using Alerts.Core.ChangeLog;

namespace Alerts.Core.Email;

/// <summary>
/// The hourly digest job. Each digest subscriber has a cursor (the last chain position covered and the last period sent) in
/// partition "dg:&lt;id&gt;". When the subscriber's local hour (and day, for weekly) has come, the changes after the cursor that
/// match the preferences become one digest row, written in the same transaction that moves the cursor, so that every change
/// is in exactly one digest and a rerun after a crash makes no second one. No matching change: no digest.
/// </summary>
public sealed partial class DigestService(
    IOptions<SendGridOptions> options,
    SubscriberStore subscribers,
    ChangeLogStore log,
    QueueSender queues,
    TimeProvider time,
    ILogger<DigestService> logger)
{
    public static readonly TimeSpan RequeueAfter = TimeSpan.FromMinutes(10);

    private TableClient Table => subscribers.RawTable;

    /// <summary>The period key of the latest scheduled send at or before <paramref name="now"/> ("d2026-11-28" or "w2026-11-23", local date).</summary>
    public static string CurrentPeriod(SubscriptionPreferences p, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, p.Zone());
        var day = DateOnly.FromDateTime(local.DateTime);
        if (local.Hour < p.Hour)
        {
            day = day.AddDays(-1);
        }

        if (p.Digest == "weekly")
        {
            while (day.DayOfWeek != p.DayOfWeek)
            {
                day = day.AddDays(-1);
            }

            return "w" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return "d" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Starts a digest cursor at the chain head (on confirmation or a switch to digest mode): earlier changes are not sent.</summary>
    public async Task StartCursorAsync(Subscriber s, CancellationToken cancellationToken = default)
    {
        var head = await log.ReadHeadAsync(cancellationToken);
        await Table.UpsertEntityAsync(new TableEntity(SubscriberStore.DigestPartition(s.Id), SubscriberStore.CursorRow)
        {
            ["Through"] = head?.Sequence ?? 0L,
            ["LastPeriod"] = CurrentPeriod(s.Preferences, time.GetUtcNow()),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Runs the job once; returns how many digests were created.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return 0;
        }

        await RequeueStuckAsync(cancellationToken);
        var now = time.GetUtcNow();
        var headSeq = (await log.ReadHeadAsync(cancellationToken))?.Sequence ?? 0;
        var cache = new SortedDictionary<long, ChangeRecord>();
        long loadedFrom = headSeq + 1;
        var created = 0;
        await foreach (var s in subscribers.ListAsync(SubscriberState.Active, "digest", cancellationToken))
        {
            try
            {
                var period = CurrentPeriod(s.Preferences, now);
                var pk = SubscriberStore.DigestPartition(s.Id);
                var cursorRow = await Table.GetEntityIfExistsAsync<TableEntity>(pk, SubscriberStore.CursorRow, cancellationToken: cancellationToken);
                if (!cursorRow.HasValue)
                {
                    await StartCursorAsync(s, cancellationToken);
                    continue;
                }

                var cursor = cursorRow.Value!;
                if (cursor.GetString("LastPeriod") == period)
                {
                    continue;
                }

                var through = cursor.GetInt64("Through") ?? 0;
                if (through + 1 < loadedFrom)
                {
                    foreach (var c in await log.ReadRangeAsync(through + 1, loadedFrom - 1, cancellationToken: cancellationToken))
                    {
                        cache[c.Sequence] = c;
                    }

                    loadedFrom = through + 1;
                }

                var matching = cache.Where(kv => kv.Key > through && kv.Key <= headSeq && s.Preferences.Matches(kv.Value)).Select(kv => kv.Value.Id).ToList();
                var actions = new List<TableTransactionAction>
                {
                    new(TableTransactionActionType.UpdateMerge, new TableEntity(pk, SubscriberStore.CursorRow) { ["Through"] = headSeq, ["LastPeriod"] = period }, cursor.ETag),
                };
                if (matching.Count > 0)
                {
                    var row = new TableEntity(pk, "p:" + period)
                    {
                        ["State"] = DigestState.Queued.ToWire(),
                        ["Status"] = EmailStatus.Pending.ToWire(),
                        ["Count"] = matching.Count,
                        ["From"] = through + 1,
                        ["Through"] = headSeq,
                        ["CreatedAt"] = now,
                    };
                    EntityText.Write(row, "Changes", string.Join('\n', matching));
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                }

                await Table.SubmitTransactionAsync(actions, cancellationToken);
                if (matching.Count > 0)
                {
                    await queues.SendAsync(StorageNames.DeliverQueue, new DeliverMessage(EmailDispatchTarget.ChannelName, "digest|" + s.Id + "|" + period), cancellationToken: cancellationToken);
                    created++;
                }
            }
            catch (TableTransactionFailedException ex)
            {
                // Another run moved the cursor first (412) or made this digest (409): nothing to do.
                LogConcurrent(logger, s.Id, ex.Status);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One subscriber's problem (a time zone this machine no longer knows, a storage error) does not stop the others.
                LogSubscriberFailed(logger, s.Id, ex);
            }
        }

        return created;
    }

    public async Task<DigestRecord?> GetAsync(string subscriberId, string period, CancellationToken cancellationToken = default)
    {
        var r = await Table.GetEntityIfExistsAsync<TableEntity>(SubscriberStore.DigestPartition(subscriberId), "p:" + period, cancellationToken: cancellationToken);
        return r.HasValue ? ToRecord(subscriberId, r.Value!) : null;
    }

    /// <summary>Moves the digest to <paramref name="state"/> and merges <paramref name="values"/>, if unchanged since read (412 otherwise); returns it with its new ETag.</summary>
    public async Task<DigestRecord> UpdateAsync(DigestRecord d, DigestState state, IDictionary<string, object?> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(values);
        if (values.ContainsKey("State"))
        {
            throw new ArgumentException("The state is passed as a DigestState, not among the values.", nameof(values));
        }

        var e = new TableEntity(SubscriberStore.DigestPartition(d.SubscriberId), "p:" + d.Period) { ["State"] = state.ToWire() };
        foreach (var (k, v) in values)
        {
            e[k] = v;
        }

        var r = await Table.UpdateEntityAsync(e, d.ETag, TableUpdateMode.Merge, cancellationToken);
        return d with { ETag = r.Headers.ETag ?? d.ETag, State = state };
    }

    /// <summary>Digests recorded but left queued (a crash before the enqueue, or a lost message) are enqueued again; the channel sends each once.</summary>
    private async Task RequeueStuckAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - RequeueAfter;
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {"dg:"} and PartitionKey lt {"dg;"} and State eq {DigestState.Queued.ToWire()} and CreatedAt le {cutoff}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            var id = TableKeys.Decode(e.PartitionKey[3..]);
            await queues.SendAsync(StorageNames.DeliverQueue, new DeliverMessage(EmailDispatchTarget.ChannelName, "digest|" + id + "|" + e.RowKey[2..]), cancellationToken: cancellationToken);
        }
    }

    private static DigestRecord ToRecord(string subscriberId, TableEntity e) => new(
        subscriberId,
        e.RowKey[2..],
        (EntityText.Read(e, "Changes") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries),
        e.GetWord("State", DigestState.Queued, "Digest"),
        e.GetDateTimeOffset("LeaseUntil"),
        e.ETag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest of {SubscriberId} failed; the others go on")]
    private static partial void LogSubscriberFailed(ILogger logger, string subscriberId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Digest of {SubscriberId} made concurrently ({Status}); skipped")]
    private static partial void LogConcurrent(ILogger logger, string subscriberId, int status);
}
