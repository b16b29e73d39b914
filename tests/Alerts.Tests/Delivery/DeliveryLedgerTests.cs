using Alerts.Core.Delivery;
using Azure;

namespace Alerts.Tests.Delivery;

/// <summary>The one ledger over the <c>deliveries</c> table: its row operations on Azurite, read back from the table itself.</summary>
public sealed class DeliveryLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>A stored row as "Column:Type=value" lines in column order (keys, timestamp and ETag left out), or null.</summary>
    internal static async Task<List<string>?> ColumnsAsync(TestServices t, string changeId, string rowKey)
    {
        var r = await t.Get<AlertsStorage>().Table(StorageNames.Deliveries).GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(changeId), rowKey);
        return r.HasValue
            ? [.. r.Value!.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order(StringComparer.Ordinal)
                .Select(k => $"{k}:{r.Value[k]?.GetType().Name}={Convert.ToString(r.Value[k], CultureInfo.InvariantCulture)}")]
            : null;
    }

    [Fact]
    public async Task A_webhook_delivery_is_one_row_of_the_ledgers_columns_and_reads_back_without_channel_data()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        var (created, isNew) = await ledger.CreateAsync(new DeliveryRecord { ChangeId = "chg_a", Channel = "webhook", TargetId = "wh_1", TeamId = "team", CreatedAt = At });
        Assert.True(isNew);
        Assert.True(await ledger.TryUpdateAsync(created with { Status = DeliveryStatus.Delivered, Attempts = 1, LastAttemptAt = At, DeliveredAt = At, LastStatusCode = 200 }));

        var at = At.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(
            [
                "Attempts:Int32=1", "ChangeId:String=chg_a", "Channel:String=webhook", $"CreatedAt:DateTimeOffset={at}", $"DeliveredAt:DateTimeOffset={at}",
                $"LastAttemptAt:DateTimeOffset={at}", "LastStatusCode:Int32=200", "ScheduleBase:Int32=0", "Status:String=delivered", "TargetId:String=wh_1",
                "TeamId:String=team",
            ],
            await ColumnsAsync(t, "chg_a", "webhook:wh_1"));
        var read = (await ledger.GetAsync("chg_a", "webhook", "wh_1"))!;
        Assert.Empty(read.Data);
        Assert.Equal((DeliveryStatus.Delivered, 1, 200), (read.Status, read.Attempts, read.LastStatusCode));
    }

    [Fact]
    public async Task A_delivery_row_with_an_unknown_status_word_is_a_clear_error_not_a_default()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        await ledger.CreateAsync(new DeliveryRecord { ChangeId = "chg_a", Channel = "webhook", TargetId = "wh_1", TeamId = "team", CreatedAt = At });
        Assert.Contains("Status:String=pending", (await ColumnsAsync(t, "chg_a", "webhook:wh_1"))!);
        Assert.NotNull(await ledger.TryUpdateRowAsync(
            new TableEntity(DeliveryLedger.Partition("chg_a"), "webhook:wh_1") { ["Status"] = "parked" }, ETag.All, TableUpdateMode.Merge));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ledger.GetAsync("chg_a", "webhook", "wh_1"));

        Assert.Contains("unknown status 'parked'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channel_data_naming_a_ledger_column_is_refused_and_nothing_is_written()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        var record = new DeliveryRecord { ChangeId = "chg_a", Channel = "webhook", TargetId = "wh_1", TeamId = "team" };
        record = record with { Data = new Dictionary<string, object?> { ["Status"] = "delivered" } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => ledger.CreateAsync(record));

        Assert.Contains("'Status' is a column of the ledger itself", ex.Message, StringComparison.Ordinal);
        Assert.Null(await ColumnsAsync(t, "chg_a", "webhook:wh_1"));
    }

    [Fact]
    public async Task Creating_many_rows_reports_each_one_created_now_and_leaves_an_existing_row_as_it_was()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        Assert.NotNull(await ledger.TryAddAsync(Row("chg_a", "x:150", "first")));
        Assert.Null(await ledger.TryAddAsync(Row("chg_a", "x:150", "second")));

        var rows = Enumerable.Range(100, 150).Select(i => Row("chg_a", "x:" + i, "many")).ToList();
        var created = await ledger.TryAddManyAsync(rows);

        // The first transaction (100..199) met x:150 and went one by one; the second (200..249) was created whole.
        Assert.Equal(rows.Select(r => r.RowKey != "x:150"), created);
        Assert.Equal(["Note:String=first"], await ColumnsAsync(t, "chg_a", "x:150"));
        Assert.Equal(["Note:String=many"], await ColumnsAsync(t, "chg_a", "x:249"));
    }

    [Fact]
    public async Task Rows_of_two_changes_in_one_transaction_are_refused_and_nothing_is_written()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.TryAddManyAsync([Row("chg_a", "x:1", "a"), Row("chg_b", "x:1", "b")]));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.UpsertManyAsync([Row("chg_a", "x:2", "a"), Row("chg_b", "x:2", "b")]));

        Assert.Null(await ColumnsAsync(t, "chg_a", "x:1"));
        Assert.Null(await ColumnsAsync(t, "chg_b", "x:1"));
        Assert.Null(await ColumnsAsync(t, "chg_a", "x:2"));
    }

    [Fact]
    public async Task Upserting_many_rows_merges_into_what_is_stored_in_transactions_of_a_hundred()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        Assert.NotNull(await ledger.TryAddAsync(new TableEntity(DeliveryLedger.Partition("chg_a"), "x:007") { ["Kept"] = 1 }));

        await ledger.UpsertManyAsync(Enumerable.Range(0, 250).Select(i => Row("chg_a", "x:" + i.ToString("D3", CultureInfo.InvariantCulture), "merged")));

        Assert.Equal(["Kept:Int32=1", "Note:String=merged"], await ColumnsAsync(t, "chg_a", "x:007"));
        var all = new List<string>();
        await foreach (var e in ledger.RowsAsync("chg_a", "x:", "x;"))
        {
            all.Add(e.RowKey);
        }

        Assert.Equal(250, all.Count);
    }

    [Fact]
    public async Task A_range_query_stays_within_its_change_and_range_and_its_filter_is_parameterised()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        var quote = "it's ' or true";
        await ledger.UpsertManyAsync([Row("chg_a", "a:1", quote), Row("chg_a", "b:1", quote), Row("chg_a", "b:2", "other"), Row("chg_a", "c:1", quote)]);
        await ledger.UpsertManyAsync([Row("chg_b", "b:1", quote)]);

        var found = new List<string>();
        await foreach (var e in ledger.RowsAsync("chg_a", "b:", "b;", $"Note eq {quote}"))
        {
            found.Add(e.PartitionKey + "|" + e.RowKey);
        }

        Assert.Equal(["chg_a|b:1"], found);
    }

    [Fact]
    public async Task A_conditional_update_with_a_stale_etag_changes_nothing()
    {
        await using var t = await TestServices.CreateAsync();
        var ledger = t.Get<DeliveryLedger>();
        var first = (await ledger.TryAddAsync(Row("chg_a", "x:1", "one")))!.Value;
        var second = await ledger.TryUpdateRowAsync(Row("chg_a", "x:1", "two"), first, TableUpdateMode.Merge);
        Assert.NotNull(second);

        Assert.Null(await ledger.TryUpdateRowAsync(Row("chg_a", "x:1", "stale"), first, TableUpdateMode.Replace));
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => ledger.UpdateRowAsync(Row("chg_a", "x:1", "stale"), first, TableUpdateMode.Merge));

        Assert.Equal(412, ex.Status);
        Assert.Equal(["Note:String=two"], await ColumnsAsync(t, "chg_a", "x:1"));
        Assert.Equal(second, (await ledger.GetRowAsync("chg_a", "x:1"))!.ETag);
    }

    private static TableEntity Row(string changeId, string rowKey, string note) => new(DeliveryLedger.Partition(changeId), rowKey) { ["Note"] = note };
}
