using Alerts.Core.Access;
using Alerts.Core.Delivery;
using Alerts.Core.Email;
using Xunit.Abstractions;

namespace Alerts.Tests.Faults;

/// <summary>
/// Issue 12, item 7: the access log, reminders and digests have a retention, applied by the Reconcile job's housekeeping,
/// and the job reads only the rows it expires (each table request it sends names the expired key range).
/// </summary>
public sealed class RetentionTests(ITestOutputHelper output)
{
    private static AccessLogEntry Entry(DateTimeOffset at, string keyId) => new(at, keyId, "auditor", "auditor", null, "GET", "/api/changes", "/api/changes", "", 200, 1);

    private static List<string> ReadsOf(TableRequestLog log, TestServices t, string table)
    {
        var name = "/" + t.Get<AlertsStorage>().Prefix + table;
        return
        [
            .. log.Requests
                .Where(r => r.Method == "GET"
                    && (r.PathAndQuery.Contains(name + "(", StringComparison.Ordinal) || r.PathAndQuery.Contains(name + "()", StringComparison.Ordinal)))
                .Select(r => r.PathAndQuery)
        ];
    }

    [Fact]
    public async Task Access_log_months_past_the_retention_are_deleted_by_the_reconcile_job_which_reads_only_those_months()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero));
        var (t, requests) = await BoundedCostTests.WithRequestLogAsync(clock);
        await using var _ = t;
        var store = t.Get<AccessLogStore>();
        await store.AppendAsync(Entry(new DateTimeOffset(2024, 9, 30, 23, 0, 0, TimeSpan.Zero), "old-1"));
        await store.AppendAsync(Entry(new DateTimeOffset(2024, 8, 2, 0, 0, 0, TimeSpan.Zero), "old-2"));
        await store.AppendAsync(Entry(new DateTimeOffset(2024, 10, 1, 0, 0, 0, TimeSpan.Zero), "kept-25-months"));
        await store.AppendAsync(Entry(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "kept-this-month"));
        requests.Requests.Clear();

        await t.Get<DispatchService>().ReconcileAsync();

        var reads = ReadsOf(requests, t, StorageNames.AccessLog);
        output.WriteLine($"Access-log reads of one Reconcile run: {reads.Count}: {string.Join(" | ", reads)}");
        Assert.NotEmpty(reads);
        Assert.All(reads, r => Assert.Contains("PartitionKey lt '2024-10'", r, StringComparison.Ordinal));
        var left = await store.QueryAsync(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), clock.GetUtcNow(), null, 100);
        Assert.Equal(["kept-this-month", "kept-25-months"], left.Select(e => e.KeyId));
    }

    [Fact]
    public async Task Access_log_retention_follows_the_setting()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:AccessLog:RetentionMonths"] = "2" }, clock);
        var store = t.Get<AccessLogStore>();
        await store.AppendAsync(Entry(new DateTimeOffset(2026, 8, 31, 0, 0, 0, TimeSpan.Zero), "august"));
        await store.AppendAsync(Entry(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), "september"));

        await t.Get<DispatchService>().ReconcileAsync();

        var left = await store.QueryAsync(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), clock.GetUtcNow(), null, 100);
        Assert.Equal(["september"], left.Select(e => e.KeyId));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1201")]
    public async Task An_access_log_retention_of_no_months_or_out_of_range_is_refused_naming_the_setting_and_deletes_nothing(string months)
    {
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:AccessLog:RetentionMonths"] = months });
        var store = t.Get<AccessLogStore>();
        await store.AppendAsync(Entry(DateTimeOffset.UtcNow.AddYears(-5), "ancient"));

        var refused = Assert.Throws<OptionsValidationException>(() => t.Get<IOptions<AccessLogOptions>>().Value);
        var reconcile = await Assert.ThrowsAsync<OptionsValidationException>(() => t.Get<DispatchService>().ReconcileAsync());

        Assert.Contains("Alerts:AccessLog:RetentionMonths", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Alerts:AccessLog:RetentionMonths", reconcile.Message, StringComparison.Ordinal);
        Assert.Single(await store.QueryAsync(DateTimeOffset.UtcNow.AddYears(-6), DateTimeOffset.UtcNow, null, 10));
    }

    [Fact]
    public void Unset_access_log_retention_keeps_25_months()
    {
        Assert.Equal(25, new AccessLogOptions().RetentionMonths);
        Assert.Equal("2024-10", AccessLogStore.FirstKeptMonth(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero), 25));
    }

    private static Reminder Reminder(string key, DateOnly date, DateTimeOffset now) => new()
    {
        Id = Core.Delivery.Reminder.IdOf(key, 7),
        ChangeId = "chg_" + key,
        Kind = "effective",
        Label = "effective date",
        Date = date,
        DaysBefore = 7,
        DaysLeft = 7,
        CreatedAt = now,
    };

    [Fact]
    public async Task Reminders_are_deleted_30_days_after_their_date_reading_only_the_expired_part_of_the_date_index()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var (t, requests) = await BoundedCostTests.WithRequestLogAsync(clock);
        await using var _ = t;
        var store = t.Get<ReminderStore>();
        var now = clock.GetUtcNow();
        var old = Reminder("old", new DateOnly(2026, 10, 30), now); // 31 days ago
        var kept = Reminder("kept", new DateOnly(2026, 10, 31), now); // 30 days ago
        var ahead = Reminder("ahead", new DateOnly(2026, 12, 7), now);
        foreach (var r in new[] { old, kept, ahead })
        {
            Assert.True(await store.TryAddAsync(r));
        }

        // A reminder stored before the date index existed (no index row), indexed once by the first run.
        var legacy = Reminder("legacy", new DateOnly(2026, 1, 5), now);
        var table = t.Get<AlertsStorage>().Table(StorageNames.Reminders);
        await table.AddEntityAsync(new TableEntity("r", legacy.Id)
        {
            ["ChangeId"] = legacy.ChangeId, ["Kind"] = "effective", ["Label"] = "effective date", ["Date"] = "2026-01-05", ["Dispatched"] = true
        });
        // An index row whose reminder insert never happened (a crash in between).
        await table.UpsertEntityAsync(new TableEntity(ReminderStore.DatePartition, "2026-02-01|rem_orphan"));
        var dispatch = t.Get<DispatchService>();

        await dispatch.ReconcileAsync(); // the first run after the upgrade indexes the old reminders, then expires
        requests.Requests.Clear();
        var gone = Reminder("gone-next-day", new DateOnly(2026, 10, 31), now);
        Assert.True(await store.TryAddAsync(gone));
        clock.Advance(TimeSpan.FromDays(1));
        requests.Requests.Clear();
        await dispatch.ReconcileAsync();

        var reads = ReadsOf(requests, t, StorageNames.Reminders);
        output.WriteLine($"Reminders-table reads of a Reconcile run: {reads.Count}: {string.Join(" | ", reads)}");
        Assert.NotEmpty(reads);
        Assert.All(reads, r => Assert.True(
            r.Contains("PartitionKey eq 'bydate' and RowKey lt '2026-11-01'", StringComparison.Ordinal) || r.Contains("(PartitionKey='meta',RowKey='indexed-by-date')", StringComparison.Ordinal),
            r));
        Assert.Null(await store.GetAsync(old.Id));
        Assert.Null(await store.GetAsync(legacy.Id));
        Assert.Null(await store.GetAsync(kept.Id)); // 31 days after its date on the second run
        Assert.Null(await store.GetAsync(gone.Id));
        Assert.NotNull(await store.GetAsync(ahead.Id));
        var index = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReminderStore.DatePartition}")))
        {
            index.Add(e.RowKey);
        }

        Assert.Equal(["2026-12-07|" + ahead.Id], index);
    }

    [Fact]
    public async Task A_reminder_30_days_past_its_date_is_kept_and_one_31_days_past_is_deleted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var t = await TestServices.CreateAsync(clock: clock);
        var store = t.Get<ReminderStore>();
        var old = Reminder("old", new DateOnly(2026, 10, 30), clock.GetUtcNow());
        var kept = Reminder("kept", new DateOnly(2026, 10, 31), clock.GetUtcNow());
        await store.TryAddAsync(old);
        await store.TryAddAsync(kept);

        await t.Get<DispatchService>().ReconcileAsync();

        Assert.Null(await store.GetAsync(old.Id));
        Assert.NotNull(await store.GetAsync(kept.Id));
        Assert.False(await store.TryAddAsync(kept)); // still there: not created twice
    }

    [Fact]
    public async Task Digests_done_are_deleted_90_days_after_their_period_and_the_job_reads_one_slice_of_subscribers_and_their_expired_rows()
    {
        // 10:40 UTC is the 128th five-minute slice of the day: subscribers whose id starts with "sub_80".
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 40, 0, TimeSpan.Zero));
        var (t, requests) = await BoundedCostTests.WithRequestLogAsync(clock);
        await using var _ = t;
        var table = t.Get<SubscriberStore>().RawTable;
        const string inSlice = "sub_80aa00000000000000000001";
        const string otherSlice = "sub_81aa00000000000000000001";
        foreach (var id in new[] { inSlice, otherSlice })
        {
            await table.AddEntityAsync(new TableEntity(SubscriberStore.SubPartition, id) { ["State"] = "active", ["Mode"] = "digest" });
            var pk = SubscriberStore.DigestPartition(id);
            await table.AddEntityAsync(new TableEntity(pk, SubscriberStore.CursorRow) { ["Through"] = 10L, ["LastPeriod"] = "d2026-11-30" });
            await table.AddEntityAsync(new TableEntity(pk, "p:d2026-08-31") { ["State"] = "sent" }); // 91 days
            await table.AddEntityAsync(new TableEntity(pk, "p:w2026-08-24") { ["State"] = "failed" });
            await table.AddEntityAsync(new TableEntity(pk, "p:d2026-08-30") { ["State"] = "queued" }); // not done: kept, visible
            await table.AddEntityAsync(new TableEntity(pk, "p:d2026-09-01") { ["State"] = "sent" }); // 90 days: kept
            await table.AddEntityAsync(new TableEntity(pk, "p:w2026-11-23") { ["State"] = "sent" });
        }

        requests.Requests.Clear();
        await t.Get<DispatchService>().ReconcileAsync();

        var reads = ReadsOf(requests, t, StorageNames.Subscribers);
        output.WriteLine($"Subscribers-table reads of a Reconcile run: {reads.Count}: {string.Join(" | ", reads)}");
        Assert.Contains(reads, r => r.Contains("PartitionKey eq 'sub' and RowKey ge 'sub_80' and RowKey lt 'sub_80~'", StringComparison.Ordinal));
        Assert.All(reads, r => Assert.True(
            r.Contains("RowKey ge 'sub_80' and RowKey lt 'sub_80~'", StringComparison.Ordinal)
                || r.Contains($"PartitionKey eq 'dg:{inSlice}' and ((RowKey gt 'p:d' and RowKey lt 'p:d2026-09-01') or (RowKey gt 'p:w' and RowKey lt 'p:w2026-09-01'))", StringComparison.Ordinal),
            r));

        async Task<List<string>> RowsAsync(string id)
        {
            var rows = new List<string>();
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SubscriberStore.DigestPartition(id)}")))
            {
                rows.Add(e.RowKey);
            }

            return rows;
        }

        Assert.Equal(["cursor", "p:d2026-08-30", "p:d2026-09-01", "p:w2026-11-23"], await RowsAsync(inSlice));
        Assert.Equal(6, (await RowsAsync(otherSlice)).Count); // another slice: untouched this run
    }
}
