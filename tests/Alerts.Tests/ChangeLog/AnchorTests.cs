using Alerts.Core.GitHub;
using Alerts.Server.Cli;
using Alerts.Server.Hosting;

namespace Alerts.Tests.ChangeLog;

public sealed class AnchorTests
{
    private static Dictionary<string, string?> Settings(GitHubContentsServer github) => new()
    {
        ["Alerts:Anchoring:Repository"] = $"{github.Owner}/{github.Repo}",
        ["Alerts:Anchoring:Path"] = "anchors/log.jsonl",
        ["Alerts:GitHub:BaseUrl"] = github.BaseUri.ToString(),
        ["Alerts:GitHub:Token"] = github.Token,
    };

    /// <summary>The CLI on the test's storage, configured like the service (options applied over the environment's).</summary>
    private static Action<IServiceCollection> Cli(TestServices t, GitHubContentsServer github) => s =>
    {
        s.Configure<AlertsOptions>(t.SameStorage);
        s.Configure<AnchoringOptions>(o => (o.Repository, o.Path) = ($"{github.Owner}/{github.Repo}", "anchors/log.jsonl"));
        s.Configure<GitHubOptions>(o => (o.BaseUrl, o.Token) = (github.BaseUri.ToString(), github.Token));
    };

    [Fact]
    public async Task The_daily_job_commits_the_chain_head_to_github_through_octokit_and_records_it()
    {
        await using var github = await GitHubContentsServer.StartAsync();
        await using var t = await TestServices.CreateAsync(Settings(github));
        await Seed.AppendManyAsync(t, 3);

        await JobScheduler.RunJobAsync(t.Provider, nameof(Schedules.Anchor), CancellationToken.None);
        await JobScheduler.RunJobAsync(t.Provider, nameof(Schedules.Anchor), CancellationToken.None); // head unchanged: no new commit
        await Seed.AppendManyAsync(t, 2, i => Seed.Draft("more-" + i));
        await JobScheduler.RunJobAsync(t.Provider, nameof(Schedules.Anchor), CancellationToken.None);

        var head = (await t.Get<ChangeLogStore>().ReadHeadAsync())!.Value;
        var published = AnchorService.Parse(Encoding.UTF8.GetString(github.Files["anchors/log.jsonl"]));
        Assert.Equal(2, github.Commits);
        Assert.Equal([3L, 5], published.Select(a => a.Sequence));
        Assert.Equal(head.Hash, published[^1].Hash);
        Assert.Equal((await t.Get<ChangeLogStore>().GetAsync(3))!.Hash, published[0].Hash);
        Assert.Equal([3L, 5], (await t.Get<AnchorService>().ReadRecordedAsync()).Select(a => a.Sequence));
        Assert.All(github.Requests, r => Assert.EndsWith(github.Token, r.Headers["Authorization"], StringComparison.Ordinal));
        Assert.Contains(github.Requests, r => r.Method == "PUT" && r.PathAndQuery == $"/api/v3/repos/{github.Owner}/{github.Repo}/contents/anchors/log.jsonl");
    }

    [Fact]
    public async Task A_history_rewritten_consistently_passes_verify_but_verify_anchors_names_the_first_disagreeing_sequence()
    {
        await using var github = await GitHubContentsServer.StartAsync();
        await using var t = await TestServices.CreateAsync(Settings(github));
        var anchors = t.Get<AnchorService>();
        await Seed.AppendManyAsync(t, 5);
        await anchors.PublishAsync();
        await Seed.AppendManyAsync(t, 5, i => Seed.Draft("b-" + i));
        await anchors.PublishAsync();
        await Seed.AppendManyAsync(t, 5, i => Seed.Draft("c-" + i));
        await anchors.PublishAsync();

        var intact = new StringWriter();
        Assert.Equal(AlertsCli.Ok, await AlertsCli.RunAsync(["verify", "--anchors"], intact, new StringWriter(), Cli(t, github)));
        Assert.Contains("agrees with 3 published anchors", intact.ToString(), StringComparison.Ordinal);

        await RewriteFromAsync(t, 8, "Nothing to see here");

        var plain = await t.Get<ChangeLogVerifier>().VerifyAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await AlertsCli.RunAsync(["verify", "--anchors"], stdout, stderr, Cli(t, github));

        Assert.True(plain.Ok, plain.Describe());
        Assert.Equal(AlertsCli.Failed, exit);
        Assert.Contains("broken at sequence 10", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("anchor", stderr.ToString(), StringComparison.Ordinal);
        var withAnchors = await t.Get<ChangeLogVerifier>().VerifyAsync(new VerifyOptions { Anchors = await anchors.ReadPublishedAsync() });
        Assert.Equal(10, withAnchors.FirstBadSequence);
        Assert.Equal([10L, 15], withAnchors.Findings.Select(f => f.Sequence));
    }

    [Fact]
    public async Task Verify_anchors_notices_entries_removed_after_the_last_anchor()
    {
        await using var github = await GitHubContentsServer.StartAsync();
        await using var t = await TestServices.CreateAsync(Settings(github));
        await Seed.AppendManyAsync(t, 4);
        await t.Get<AnchorService>().PublishAsync();

        // Drop entry 4 and point the head at entry 3: internally consistent, shorter than what was published.
        var table = t.Get<AlertsStorage>().Table(StorageNames.Changes);
        var third = (await t.Get<ChangeLogStore>().GetAsync(3))!;
        await table.DeleteEntityAsync(ChangeLogStore.Partition, ChangeLogStore.EntryRow(4));
        var head = (await table.GetEntityAsync<TableEntity>(ChangeLogStore.Partition, ChangeLogStore.HeadRow)).Value;
        head["Sequence"] = 3L;
        head["Hash"] = third.Hash;
        await table.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace);

        var plain = await t.Get<ChangeLogVerifier>().VerifyAsync();
        var anchored = await t.Get<ChangeLogVerifier>().VerifyAsync(new VerifyOptions { Anchors = await t.Get<AnchorService>().ReadPublishedAsync() });

        Assert.True(plain.Ok);
        Assert.False(anchored.Ok);
        Assert.Equal(4, anchored.FirstBadSequence);
        Assert.Contains("entries were removed", anchored.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anchoring_without_a_repository_does_nothing_and_verify_anchors_says_what_to_set()
    {
        await using var t = await TestServices.CreateAsync();
        await Seed.AppendManyAsync(t, 1);

        var result = await t.Get<AnchorService>().PublishAsync();
        var stderr = new StringWriter();
        var exit = await AlertsCli.RunAsync(["verify", "--anchors"], new StringWriter(), stderr, s => s.Configure<AlertsOptions>(t.SameStorage));

        Assert.Null(result);
        Assert.Empty(await t.Get<AnchorService>().ReadRecordedAsync());
        Assert.Equal(AlertsCli.Usage, exit);
        Assert.Contains("Alerts:Anchoring:Repository", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alerts:Anchoring:Repository", "not a repo")]
    [InlineData("Alerts:Anchoring:Path", "../escape.jsonl")]
    [InlineData("Alerts:GitHub:BaseUrl", "ftp://example")]
    public async Task A_wrong_anchoring_setting_stops_start_up_naming_it(string setting, string value)
    {
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?> { [setting] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => (t.Get<IOptions<AnchoringOptions>>().Value, t.Get<IOptions<GitHubOptions>>().Value));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_github_refuses_is_reported_and_changes_nothing()
    {
        await using var github = await GitHubContentsServer.StartAsync();
        var settings = Settings(github);
        settings["Alerts:GitHub:Token"] = "ghp_wrong";
        await using var t = await TestServices.CreateAsync(settings);
        await Seed.AppendManyAsync(t, 1);

        await Assert.ThrowsAsync<Octokit.AuthorizationException>(() => t.Get<AnchorService>().PublishAsync());

        Assert.Empty(github.Files);
        Assert.Empty(await t.Get<AnchorService>().ReadRecordedAsync());
    }

    /// <summary>Rewrites every entry from <paramref name="from"/> on with a new title, recomputing the chain and the head, as someone with storage access could.</summary>
    internal static async Task RewriteFromAsync(TestServices t, long from, string title)
    {
        var store = t.Get<ChangeLogStore>();
        var table = t.Get<AlertsStorage>().Table(StorageNames.Changes);
        var head = (await store.ReadHeadAsync())!.Value;
        var previous = (await store.GetAsync(from - 1))!.Hash!;
        for (var s = from; s <= head.Sequence; s++)
        {
            var record = (await store.GetAsync(s))! with { PreviousHash = previous, Hash = null };
            if (s == from)
            {
                record = record with { Title = title };
            }

            var canonical = record.CanonicalBytes();
            record = record with { Hash = ChangeRecord.HashOf(canonical) };
            await table.UpsertEntityAsync(ChangeLogStore.ToEntity(record, canonical), TableUpdateMode.Replace);
            previous = record.Hash;
        }

        var h = (await table.GetEntityAsync<TableEntity>(ChangeLogStore.Partition, ChangeLogStore.HeadRow)).Value;
        h["Hash"] = previous;
        await table.UpdateEntityAsync(h, h.ETag, TableUpdateMode.Replace);
    }
}
