using Alerts.Core.Email;
using Alerts.Server.Cli;

namespace Alerts.Tests.Email;

/// <summary>Issue 14: <see cref="SubscriberState"/> is an enum in code and the same words as before in the table, its filters, the API and the CLI.</summary>
public sealed class SubscriberStateTests
{
    [Fact]
    public async Task Each_state_is_its_word_in_the_table_its_filters_the_preferences_JSON_and_the_subscribers_command()
    {
        await using var kit = await EmailKit.CreateAsync();
        var store = kit.Get<SubscriberStore>();
        var tokens = kit.Get<SubscriberTokens>();
        var ana = await kit.SubscribeAndConfirmAsync("ana@example.org");
        await kit.SubscribeAsync(new { email = "ben@example.org" });
        var ben = (await store.FindByEmailAsync("ben@example.org"))!;
        var carl = await kit.SubscribeAndConfirmAsync("carl@example.org");
        Assert.Equal(TokenResult.Done, await kit.Get<SubscriptionService>().UnsubscribeAsync(tokens.Manage(carl.Id, TimeSpan.FromDays(1))));
        var dan = await kit.SubscribeAndConfirmAsync("dan@example.org");
        await store.UpdateAsync((await store.GetAsync(dan.Id))! with { State = SubscriberState.Deactivated });
        var eve = await kit.SubscribeAndConfirmAsync("eve@example.org");
        await store.EraseAsync(eve, kit.Clock.GetUtcNow());
        // A row written with the word alone (as an older version or an import would): the typed filters must find it.
        var fay = SubscriberStore.NewId();
        await store.RawTable.AddEntityAsync(new TableEntity(SubscriberStore.SubPartition, TableKeys.Encode(fay))
        {
            ["Email"] = "fay@example.org", ["State"] = "active", ["Mode"] = "immediate",
        });

        var words = new Dictionary<string, string>();
        foreach (var id in new[] { ana.Id, ben.Id, carl.Id, dan.Id, eve.Id, fay })
        {
            words[id] = (await store.RawTable.GetEntityAsync<TableEntity>(SubscriberStore.SubPartition, TableKeys.Encode(id))).Value.GetString("State");
        }

        var listed = new List<string>();
        await foreach (var s in store.ListAsync(SubscriberState.Active, "immediate"))
        {
            listed.Add(s.Id);
        }

        var listedAnyMode = new List<string>();
        await foreach (var s in store.ListAsync(SubscriberState.Active))
        {
            listedAnyMode.Add(s.Id);
        }

        var inactive = await store.InactiveIdsAsync();
        var anaJson = await kit.Api.CallAsync("GetPreferences", query: "?token=" + Uri.EscapeDataString(tokens.Manage(ana.Id, TimeSpan.FromDays(1))));
        var carlJson = await kit.Api.CallAsync("GetPreferences", query: "?token=" + Uri.EscapeDataString(tokens.Manage(carl.Id, TimeSpan.FromDays(1))));
        using var table = new StringWriter();
        using var json = new StringWriter();
        using var errors = new StringWriter();
        void SameStorage(IServiceCollection services) => services.Configure<Alerts.Core.AlertsOptions>(kit.Services.SameStorage);
        var tableCode = await AlertsCli.RunAsync(["subscribers"], table, errors, SameStorage);
        var jsonCode = await AlertsCli.RunAsync(["subscribers", "--json"], json, errors, SameStorage);

        Assert.Equal("active", words[ana.Id]);
        Assert.Equal("pending", words[ben.Id]);
        Assert.Equal("unsubscribed", words[carl.Id]);
        Assert.Equal("deactivated", words[dan.Id]);
        Assert.Equal("erased", words[eve.Id]);
        Assert.Equal(SubscriberState.Active, (await store.GetAsync(fay))!.State);
        Assert.Equal(new[] { ana.Id, fay }.Order(), listed.Order());
        Assert.Equal(new[] { ana.Id, fay }.Order(), listedAnyMode.Order());
        Assert.Equal(new[] { ben.Id, carl.Id, dan.Id, eve.Id }.Order(), inactive.Order());
        Assert.Equal(200, anaJson.Status);
        Assert.Contains("\"state\":\"active\"", anaJson.Body, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"unsubscribed\"", carlJson.Body, StringComparison.Ordinal);
        Assert.True(tableCode == AlertsCli.Ok && jsonCode == AlertsCli.Ok, errors.ToString());
        Assert.Equal(
            string.Join('\n',
                "active                2",
                "deactivated           1",
                "erased                1",
                "pending               1",
                "unsubscribed          1",
                "total                 6",
                ""),
            table.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("{\"active\":2,\"deactivated\":1,\"erased\":1,\"pending\":1,\"unsubscribed\":1}", json.ToString().Trim());
    }

    [Fact]
    public async Task A_subscriber_row_with_an_unknown_state_word_is_a_clear_error_not_a_default()
    {
        await using var kit = await EmailKit.CreateAsync();
        var store = kit.Get<SubscriberStore>();
        var ana = await kit.SubscribeAndConfirmAsync("ana@example.org");
        await store.RawTable.UpsertEntityAsync(
            new TableEntity(SubscriberStore.SubPartition, TableKeys.Encode(ana.Id)) { ["State"] = "suspended" }, TableUpdateMode.Merge);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetAsync(ana.Id));
        var counts = await store.CountByStateAsync();

        Assert.Contains("unknown state 'suspended'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ana.Id, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, counts["suspended"]); // the operator's count shows the stray word rather than hiding it
        Assert.Equal(0, counts["active"]);
    }
}
