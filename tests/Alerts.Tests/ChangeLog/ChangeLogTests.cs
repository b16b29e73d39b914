namespace Alerts.Tests.ChangeLog;

public sealed class ChangeLogTests
{
    private static ChangeRecord Draft(string key, string version = "v1", string title = "Entity List additions") => new()
    {
        Id = ChangeRecord.NewId("test", key, null, version),
        SourceId = "test",
        ItemKey = key,
        ChangeType = ChangeType.Added,
        Title = title,
        ContentVersion = version,
        Topics = ["entity-list"],
        Severity = Severity.High,
        Jurisdiction = "US",
    };

    [Fact]
    public async Task Appending_the_same_change_twice_records_it_once()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();

        var first = await log.AppendAsync(Draft("2025-01234"));
        var second = await log.AppendAsync(Draft("2025-01234"));

        Assert.True(first.Appended);
        Assert.False(second.Appended);
        Assert.Equal(first.Change.Sequence, second.Change.Sequence);
        Assert.Equal(1, (await log.ReadHeadAsync())!.Value.Sequence);
    }

    [Fact]
    public async Task Consecutive_appends_of_one_writer_read_the_head_once_and_a_second_writer_still_cannot_fork_the_chain()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        var other = new ChangeLogStore(t.Get<AlertsStorage>(), TimeProvider.System);

        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(Draft("a" + i));
        }

        var readsAfterFive = log.HeadReads;
        await other.AppendAsync(Draft("from-the-other-writer")); // makes the first writer's cached head stale
        await log.AppendAsync(Draft("a5"));

        Assert.Equal(1, readsAfterFive);
        Assert.Equal(7, (await log.ReadHeadAsync())!.Value.Sequence);
        Assert.True((await t.Get<ChangeLogVerifier>().VerifyAsync()).Ok);
    }

    [Fact]
    public async Task Entries_are_chained_gap_free_and_verify()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(Draft("doc-" + i));
        }

        var all = await log.ReadRangeAsync(1, 5);
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(c => c.Sequence));
        Assert.Equal(ChangeLogStore.Genesis, all[0].PreviousHash);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[i - 1].Hash, all[i].PreviousHash);
            Assert.Equal(all[i].ComputeHash(), all[i].Hash);
        }

        var result = await t.Get<ChangeLogVerifier>().VerifyAsync();
        Assert.True(result.Ok, result.Describe());
        Assert.Equal(5, result.Checked);
    }

    [Fact]
    public async Task Verify_names_an_entry_edited_behind_the_services_back()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        for (var i = 0; i < 4; i++)
        {
            await log.AppendAsync(Draft("doc-" + i));
        }

        var table = t.Get<AlertsStorage>().Table(StorageNames.Changes);
        var entity = (await table.GetEntityAsync<TableEntity>(ChangeLogStore.Partition, ChangeLogStore.EntryRow(3))).Value;
        entity["Body"] = entity.GetString("Body")!.Replace("Entity List additions", "Nothing to see here", StringComparison.Ordinal);
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        var result = await t.Get<ChangeLogVerifier>().VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("hash", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_notices_a_query_column_edited_without_touching_the_content()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        await log.AppendAsync(Draft("a"));
        await log.AppendAsync(Draft("b"));

        var table = t.Get<AlertsStorage>().Table(StorageNames.Changes);
        var entity = (await table.GetEntityAsync<TableEntity>(ChangeLogStore.Partition, ChangeLogStore.EntryRow(2))).Value;
        entity["Severity"] = "info";
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        var result = await t.Get<ChangeLogVerifier>().VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(2, result.FirstBadSequence);
    }

    [Fact]
    public async Task Verify_notices_a_deleted_last_entry_through_the_head()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        await log.AppendAsync(Draft("a"));
        await log.AppendAsync(Draft("b"));
        await t.Get<AlertsStorage>().Table(StorageNames.Changes).DeleteEntityAsync(ChangeLogStore.Partition, ChangeLogStore.EntryRow(2));

        var result = await t.Get<ChangeLogVerifier>().VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(2, result.FirstBadSequence);
    }

    [Fact]
    public async Task Concurrent_appenders_make_one_chain_without_duplicates()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        // 4 writers each append the same 15 changes in a different order: 15 entries, each once, one chain.
        var drafts = Enumerable.Range(0, 15).Select(i => Draft("doc-" + i)).ToList();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            foreach (var d in w % 2 == 0 ? drafts : Enumerable.Reverse(drafts))
            {
                await log.AppendAsync(d);
            }
        }));
        await Task.WhenAll(writers);

        var all = await log.ReadRangeAsync(1, 100);
        Assert.Equal(15, all.Count);
        Assert.Equal(15, all.Select(c => c.Id).Distinct().Count());
        Assert.True((await t.Get<ChangeLogVerifier>().VerifyAsync()).Ok);
    }

    [Fact]
    public async Task A_large_change_is_stored_compressed_and_read_back_exactly()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        var big = string.Join(' ', Enumerable.Range(0, 40_000).Select(i => "word" + i));
        var draft = Draft("big") with { Diff = [new FieldChange("text", null, big)] };

        var appended = await log.AppendAsync(draft);
        var read = await log.FindAsync(draft.Id);

        Assert.Equal(big, read!.Diff[0].After);
        Assert.Equal(appended.Change.Hash, read.Hash);
        Assert.True((await t.Get<ChangeLogVerifier>().VerifyAsync()).Ok);
    }

    [Fact]
    public async Task A_recorded_change_stays_pending_until_its_dispatch_is_marked_done()
    {
        await using var t = await TestServices.CreateAsync();
        var log = t.Get<ChangeLogStore>();
        var c = (await log.AppendAsync(Draft("x"))).Change;

        var pending = new List<string>();
        await foreach (var (id, _) in log.PendingDispatchAsync())
        {
            pending.Add(id);
        }

        await log.MarkDispatchedAsync(c.Id);
        await log.MarkDispatchedAsync(c.Id);
        var after = new List<string>();
        await foreach (var (id, _) in log.PendingDispatchAsync())
        {
            after.Add(id);
        }

        Assert.Equal([c.Id], pending);
        Assert.Empty(after);
    }
}
