using Alerts.Core.Email;
using Alerts.Tests.Email;

namespace Alerts.Tests.Faults;

/// <summary>Issue 12, item 4: user input at every limit and one past it; a sign-up is never left half-written.</summary>
public sealed class SignUpLimitTests
{
    public static TheoryData<string> Lists => ["topics", "jurisdictions", "sources", "keywords"];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Each_preference_list_is_accepted_at_its_limits_and_one_past_them_is_a_400_naming_it(string list)
    {
        await using var kit = await EmailKit.CreateAsync();
        var valid = list switch { "topics" => "tariffs", "jurisdictions" => "CN", "sources" => "federal-register", _ => "gallium" };

        // 50 values of 100 characters: the largest preferences a subscriber can keep.
        var full = Enumerable.Range(0, 50).Select(i => list == "keywords" ? i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + new string('k', 97) : valid + i).ToList();
        var atLimit = await kit.SubscribeAsync(new Dictionary<string, object> { ["email"] = "ana@example.org", [list] = list == "keywords" ? full : Enumerable.Repeat(valid, 1).ToList() });
        Assert.Equal(202, atLimit.Status);

        foreach (var (values, what) in new[]
        {
            (Enumerable.Range(0, 51).Select(i => valid + i).ToList(), "51 values"),
            (new List<string> { new('x', 101) }, "a value of 101 characters"),
        })
        {
            var before = kit.Mails.Count;
            var refused = await kit.SubscribeAsync(new Dictionary<string, object> { ["email"] = "ben@example.org", [list] = values });
            Assert.True(refused.Status == 400, $"{list} with {what}: {refused.Status} {refused.Body}");
            Assert.StartsWith(list + ":", JsonDocument.Parse(refused.Body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(before, kit.Mails.Count);
            Assert.Null(await kit.Get<SubscriberStore>().FindByEmailAsync("ben@example.org")); // nothing written
        }
    }

    [Fact]
    public async Task An_address_index_left_pointing_at_nothing_does_not_lock_the_address_out()
    {
        await using var kit = await EmailKit.CreateAsync();
        // What a crash between the two writes of an older version left: the index row without its subscriber row.
        var table = kit.Get<AlertsStorage>().Table(StorageNames.Subscribers);
        await table.AddEntityAsync(new TableEntity(SubscriberStore.EmailPartition, SubscriberStore.EmailKey("ana@example.org")) { ["SubscriberId"] = "sub_lost0000000000000000" });

        var s = await kit.SubscribeAndConfirmAsync("ana@example.org"); // a confirmation mail, a working link

        Assert.Equal(SubscriberState.Active, s.State);
        Assert.NotEqual("sub_lost0000000000000000", s.Id);
    }

    [Fact]
    public async Task Two_sign_ups_of_one_address_at_once_leave_one_subscriber_row()
    {
        await using var kit = await EmailKit.CreateAsync();
        var store = kit.Get<SubscriberStore>();
        var now = kit.Clock.GetUtcNow();
        var added = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            store.TryAddAsync(new Subscriber { Id = SubscriberStore.NewId(), Email = "ana@example.org", CreatedAt = now })));

        Assert.Single(added, a => a);
        var rows = 0;
        await foreach (var _ in kit.Get<AlertsStorage>().Table(StorageNames.Subscribers).QueryAsync<TableEntity>(e => e.PartitionKey == SubscriberStore.SubPartition))
        {
            rows++;
        }

        Assert.Equal(1, rows);
        Assert.NotNull(await store.FindByEmailAsync("ana@example.org"));
    }
}
