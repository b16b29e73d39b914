using Alerts.Core.Email;

namespace Alerts.Tests.Email;

/// <summary>Issue 14: a digest row's State is a <see cref="DigestState"/> in code and the same word as before in the table.</summary>
public sealed class DigestRowsTests
{
    private const string Subscriber = "sub_0123456789abcdef01234567";

    private static async Task<DigestService> WithRowAsync(TestServices t, string period, string state)
    {
        var table = t.Get<SubscriberStore>().RawTable;
        await table.AddEntityAsync(new TableEntity(SubscriberStore.DigestPartition(Subscriber), "p:" + period) { ["State"] = state, ["Changes"] = "chg_1\nchg_2" });
        return t.Get<DigestService>();
    }

    private static async Task<string?> WordAsync(TestServices t, string period) =>
        (await t.Get<SubscriberStore>().RawTable.GetEntityAsync<TableEntity>(SubscriberStore.DigestPartition(Subscriber), "p:" + period)).Value.GetString("State");

    [Fact]
    public async Task Each_digest_state_is_written_as_its_word_and_reads_back_as_the_same_member()
    {
        await using var t = await TestServices.CreateAsync();
        var digests = await WithRowAsync(t, "d2026-11-28", "queued");
        var digest = (await digests.GetAsync(Subscriber, "d2026-11-28"))!;
        Assert.Equal(DigestState.Queued, digest.State);
        Assert.Equal(["chg_1", "chg_2"], digest.ChangeIds);

        var seen = new List<(string? Word, DigestState Returned, DigestState Read)>();
        foreach (var state in new[] { DigestState.Sending, DigestState.Sent, DigestState.Failed, DigestState.Skipped, DigestState.Queued })
        {
            digest = await digests.UpdateAsync(digest, state, new Dictionary<string, object?> { ["LeaseUntil"] = null });
            seen.Add((await WordAsync(t, "d2026-11-28"), digest.State, (await digests.GetAsync(Subscriber, "d2026-11-28"))!.State));
        }

        Assert.Equal(
            [("sending", DigestState.Sending, DigestState.Sending), ("sent", DigestState.Sent, DigestState.Sent), ("failed", DigestState.Failed, DigestState.Failed),
             ("skipped", DigestState.Skipped, DigestState.Skipped), ("queued", DigestState.Queued, DigestState.Queued)],
            seen);
        Assert.Equal(["queued", "sending", "sent", "failed", "skipped"], WireWords.All<DigestState>());
    }

    [Fact]
    public async Task A_digest_row_with_an_unknown_state_word_is_a_clear_error_and_retention_leaves_it_alone()
    {
        await using var t = await TestServices.CreateAsync();
        var digests = await WithRowAsync(t, "d2026-01-05", "paused");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => digests.GetAsync(Subscriber, "d2026-01-05"));
        var expired = await new DigestRetention(t.Get<SubscriberStore>(), TimeProvider.System).ExpireAsync(Subscriber, new DateOnly(2026, 11, 1));

        Assert.Contains("unknown state 'paused'", error.Message, StringComparison.Ordinal);
        Assert.Contains(SubscriberStore.DigestPartition(Subscriber) + "/p:d2026-01-05", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, expired);
        Assert.Equal("paused", await WordAsync(t, "d2026-01-05"));
    }

    [Fact]
    public async Task A_state_among_the_values_of_a_digest_update_is_refused_and_changes_nothing()
    {
        await using var t = await TestServices.CreateAsync();
        var digests = await WithRowAsync(t, "d2026-11-28", "queued");
        var digest = (await digests.GetAsync(Subscriber, "d2026-11-28"))!;

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => digests.UpdateAsync(digest, DigestState.Sending, new Dictionary<string, object?> { ["State"] = "sent", ["LeaseUntil"] = null }));

        Assert.Contains("DigestState", error.Message, StringComparison.Ordinal);
        Assert.Equal("queued", await WordAsync(t, "d2026-11-28"));
    }
}
