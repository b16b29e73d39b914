using Alerts.Core.Email;
using Alerts.Tests.Delivery;
using Azure;

namespace Alerts.Tests.Email;

/// <summary>E-mail's recipient and batch rows, built by the Email folder and stored through the delivery ledger, in the layout they always had.</summary>
public sealed class EmailDeliveryRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly string Time = At.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_batch_row_written_through_the_ledger_reads_back_the_same_and_a_second_one_of_that_number_is_refused()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<EmailDeliveryStore>();

        Assert.True(await store.TryAddBatchAsync("chg_e", 1, [("sub_1", "a@example.org"), ("sub_2", "b@example.org")], At));
        Assert.False(await store.TryAddBatchAsync("chg_e", 1, [("sub_9", "z@example.org")], At));

        Assert.Equal(
            ["Attempts:Int32=0", "Channel:String=email", "Count:Int32=2", $"CreatedAt:DateTimeOffset={Time}", "Members:String=sub_1\ta@example.org\nsub_2\tb@example.org", "State:String=queued"],
            await DeliveryLedgerTests.ColumnsAsync(t, "chg_e", "email-batch:00001"));
        var batch = (await store.GetBatchAsync("chg_e", 1))!;
        Assert.Equal((1, EmailBatchState.Queued, 0, (DateTimeOffset?)null), (batch.Number, batch.State, batch.Attempts, batch.LeaseUntil));
        Assert.Equal([("sub_1", "a@example.org"), ("sub_2", "b@example.org")], batch.Members);
        var (_, batches) = await store.ReadChangeAsync("chg_e");
        Assert.Equal(batch.Members, Assert.Single(batches).Members);
    }

    [Fact]
    public async Task A_batch_update_merges_with_its_etag_a_stale_one_changes_nothing_and_sending_scrubs_the_addresses()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<EmailDeliveryStore>();
        Assert.True(await store.TryAddBatchAsync("chg_e", 1, [("sub_1", "a@example.org")], At));
        var read = (await store.GetBatchAsync("chg_e", 1))!;

        var claimed = await store.UpdateBatchAsync(read, new Dictionary<string, object?> { ["State"] = "sending", ["LeaseUntil"] = At, ["Attempts"] = 1 });
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => store.UpdateBatchAsync(read, new Dictionary<string, object?> { ["State"] = "failed" }));
        Assert.Equal(412, ex.Status);
        Assert.Equal(EmailBatchState.Sending, (await store.GetBatchAsync("chg_e", 1))!.State);

        await store.UpdateBatchAsync(claimed, new Dictionary<string, object?> { ["State"] = "sent", ["SentAt"] = At, ["LastError"] = "" }, scrubAddresses: true);

        Assert.Equal(
            [
                "Attempts:Int32=1", "Channel:String=email", "Count:Int32=1", $"CreatedAt:DateTimeOffset={Time}", "LastError:String=",
                $"LeaseUntil:DateTimeOffset={Time}", "Members:String=sub_1\t", $"SentAt:DateTimeOffset={Time}", "State:String=sent",
            ],
            await DeliveryLedgerTests.ColumnsAsync(t, "chg_e", "email-batch:00001"));
    }

    [Fact]
    public async Task Recipient_rows_are_upserted_through_the_ledger_and_read_by_batch_and_status()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<EmailDeliveryStore>();
        Assert.True(await store.TryAddBatchAsync("chg_e", 1, [("sub_1", "a@example.org"), ("sub_2", "b@example.org")], At));
        Assert.True(await store.TryAddBatchAsync("chg_e", 2, [("sub_3", "c@example.org")], At));
        await store.AddRecipientsAsync("chg_e", 1, ["sub_1", "sub_2"], At);
        await store.AddRecipientsAsync("chg_e", 2, ["sub_3"], At);

        await store.SetStatusAsync("chg_e", 1, [("sub_1", EmailStatus.Rejected, "bad address"), ("sub_2", EmailStatus.Sent, null)], At);

        Assert.Equal(
            [
                "Batch:Int32=1", "Channel:String=email", $"CreatedAt:DateTimeOffset={Time}", "Error:String=bad address", "Kind:String=alert",
                "Status:String=rejected", "SubscriberId:String=sub_1", $"UpdatedAt:DateTimeOffset={Time}",
            ],
            await DeliveryLedgerTests.ColumnsAsync(t, "chg_e", "email:sub_1"));
        Assert.Equal(
            [
                "Batch:Int32=1", "Channel:String=email", $"CreatedAt:DateTimeOffset={Time}", "Error:String=", "Kind:String=alert",
                $"SentAt:DateTimeOffset={Time}", "Status:String=sent", "SubscriberId:String=sub_2", $"UpdatedAt:DateTimeOffset={Time}",
            ],
            await DeliveryLedgerTests.ColumnsAsync(t, "chg_e", "email:sub_2"));
        Assert.Equal(["sub_1", "sub_2"], (await store.ReadBatchRecipientsAsync("chg_e", 1)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["sub_3"], (await store.ReadBatchRecipientsAsync("chg_e", 2)).Keys);
        Assert.Equal(EmailStatus.Rejected, await store.StatusAsync("chg_e", "sub_1"));
        Assert.Null(await store.StatusAsync("chg_e", "sub_9"));
        Assert.Equal(new SortedDictionary<string, int> { ["pending"] = 1, ["rejected"] = 1, ["sent"] = 1 }, await store.StatisticsAsync("chg_e"));
    }

    [Fact]
    public async Task A_recipient_row_with_an_unknown_status_word_is_a_clear_error_not_a_default()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<EmailDeliveryStore>();
        await store.AddRecipientsAsync("chg_e", 1, ["sub_1"], At);
        Assert.Contains("Status:String=pending", (await DeliveryLedgerTests.ColumnsAsync(t, "chg_e", "email:sub_1"))!);
        var row = (await store.GetRecipientAsync("chg_e", "sub_1"))!;
        Assert.True(await store.TryMergeAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["Status"] = "glimpsed" }, row.ETag));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.StatusAsync("chg_e", "sub_1"));

        Assert.Contains("unknown status 'glimpsed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_row_with_an_unknown_state_word_is_a_clear_error_not_a_default()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<EmailDeliveryStore>();
        Assert.True(await store.TryAddBatchAsync("chg_e", 1, [("sub_1", "a@example.org")], At));
        await store.UpdateBatchAsync((await store.GetBatchAsync("chg_e", 1))!, new Dictionary<string, object?> { ["State"] = "paused" });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetBatchAsync("chg_e", 1));

        Assert.Contains("unknown state 'paused'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Releasing_a_batch_moves_only_one_still_sending()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<EmailDeliveryStore>();
        Assert.True(await store.TryAddBatchAsync("chg_e", 1, [("sub_1", "a@example.org")], At));
        Assert.True(await store.TryAddBatchAsync("chg_e", 2, [("sub_2", "b@example.org")], At));
        await store.UpdateBatchAsync((await store.GetBatchAsync("chg_e", 1))!, new Dictionary<string, object?> { ["State"] = "sending" });

        await store.ReleaseAsync("chg_e", 1, markSent: true, At);
        await store.ReleaseAsync("chg_e", 2, markSent: true, At);
        await store.ReleaseAsync("chg_e", 3, markSent: true, At);

        Assert.Equal(EmailBatchState.Sent, (await store.GetBatchAsync("chg_e", 1))!.State);
        Assert.Equal(EmailBatchState.Queued, (await store.GetBatchAsync("chg_e", 2))!.State);
        Assert.Null(await store.GetBatchAsync("chg_e", 3));
    }
}
