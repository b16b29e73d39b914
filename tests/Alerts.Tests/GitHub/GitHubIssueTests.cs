using Alerts.Core.Delivery;
using Alerts.Core.GitHub;
using Alerts.Core.Webhooks;
using Alerts.Server.Hosting;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.GitHub;

public sealed class GitHubIssueTests
{
    private const string Token = TestWorld.GitHubToken;

    private static readonly Dictionary<string, string?> ClaimWait = new() { ["Alerts:GitHub:StoryClaimWaitSeconds"] = "1" };

    /// <summary>A world with its own GitHub (<c>kit.World.GitHub</c>).</summary>
    private static Task<Kit> GitHubKitAsync() => Kit.CreateAsync(settings: ClaimWait, github: true);

    /// <summary>A world on a GitHub that outlives it (the same GitHub before and after a restart).</summary>
    private static Task<Kit> KitOn(FakeGitHub github) => Kit.CreateAsync(settings: new Dictionary<string, string?>(ClaimWait)
    {
        ["Alerts:GitHub:BaseUrl"] = github.Server.BaseUri.ToString(),
        ["Alerts:GitHub:Token"] = Token,
    });

    /// <summary>Sets the change's GitHub delivery back to pending and runs its first attempt again, as a redelivered message would.</summary>
    private static async Task RunTheSameAttemptAgainAsync(Kit kit, string changeId, string target)
    {
        var ledger = kit.Get<DeliveryLedger>();
        var d = (await ledger.GetAsync(changeId, GitHubChannel.Name, target))!;
        await ledger.TryUpdateAsync(d with { Status = DeliveryStatus.Pending, Attempts = 0 });
        await kit.Get<DispatchService>().DeliverAsync(new DeliverMessage(GitHubChannel.Name, d.Id, 1));
    }

    private static async Task<string> TargetAsync(Kit kit, object? extra = null)
    {
        var r = await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, extra ?? new { repository = "acme/compliance", labels = new[] { "compliance" } });
        Assert.True(r.Status == 201, r.Body);
        return r.Json.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task The_first_change_of_a_story_opens_an_issue_and_later_ones_comment_on_it()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        var first = await kit.ChangeAsync(story: "story-1");
        var second = await kit.ChangeAsync(story: "story-1", title: "Entity List: correction");
        var other = await kit.ChangeAsync(story: "story-2", title: "Section 301: tariff increase");

        await kit.DispatchAsync(first);
        await kit.DrainDeliverQueueAsync();
        await kit.DispatchAsync(second);
        await kit.DrainDeliverQueueAsync();
        await kit.DispatchAsync(other);
        await kit.DrainDeliverQueueAsync();

        Assert.Equal(2, github.Issues.Count);
        var issue = github.Issues.Single(i => i["number"]!.GetValue<int>() == 1);
        Assert.Contains(first.Title, issue["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var body = issue["body"]!.GetValue<string>();
        Assert.Contains("<!-- alerts-story: story-1 -->", body, StringComparison.Ordinal);
        Assert.Contains(Kit.PublicBaseUrl + "/api/changes/" + first.Id, body, StringComparison.Ordinal);
        var labels = issue["labels"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["compliance", "export-policy-alerts", "jurisdiction:US", "severity:high", "topic:entity-list", "topic:semiconductors"], labels.Order());
        var comment = Assert.Single(github.Comments[1]);
        Assert.Contains("Entity List: correction", comment, StringComparison.Ordinal);
        Assert.Empty(github.Comments[2]);
        var posts = github.Server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.All(github.Server.Requests, r => Assert.True(
            r.Headers.TryGetValue("Authorization", out var a) && a.Contains(Token, StringComparison.Ordinal),
            r.Method + " " + r.PathAndQuery + " " + string.Join(";", r.Headers.Select(h => h.Key + "=" + h.Value))));
        Assert.Equal(3, posts.Count);
        var delivery = await kit.Get<DeliveryLedger>().GetAsync(second.Id, GitHubChannel.Name, target);
        Assert.Equal(DeliveryStatus.Delivered, delivery!.Status);
        Assert.Equal(1, GitHubIssueRef.Of(delivery)?.Number);
        Assert.DoesNotContain(kit.Logs.Lines, l => l.Contains(Token, StringComparison.Ordinal)); // messages and structured values
    }

    [Fact]
    public async Task After_a_restart_with_no_local_record_the_story_is_found_by_its_marker_and_not_duplicated()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using (var before = await KitOn(github))
        {
            await TargetAsync(before);
            var first = await before.ChangeAsync(story: "story-7");
            await before.DispatchAsync(first);
            await before.DrainDeliverQueueAsync();
        }

        await using var after = await KitOn(github);
        await TargetAsync(after);
        var later = await after.ChangeAsync(story: "story-7", title: "Entity List: effective date moved");
        await after.DispatchAsync(later);
        await after.DrainDeliverQueueAsync();

        Assert.True(github.Issues.Count == 1,
            string.Join("\n", github.Server.Requests.Select(r => r.Method + " " + r.PathAndQuery + " " + string.Join(";", r.Headers.Select(h => h.Key + "=" + h.Value)))) +
            string.Join("\n", after.Logs.Lines));
        var issue = github.Issues.Single();
        var comment = Assert.Single(github.Comments[issue["number"]!.GetValue<int>()]);
        Assert.Contains("effective date moved", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_first_change_does_not_open_a_second_issue_or_comment()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        var first = await kit.ChangeAsync(story: "story-3");
        await kit.DispatchAsync(first);
        await kit.DrainDeliverQueueAsync();

        // As if the record of the delivery was lost after the issue was opened: the same attempt runs again.
        await RunTheSameAttemptAgainAsync(kit, first.Id, target);
        var ledger = kit.Get<DeliveryLedger>();

        var issue = Assert.Single(github.Issues);
        Assert.Empty(github.Comments[issue["number"]!.GetValue<int>()]);
        Assert.Equal(DeliveryStatus.Delivered, (await ledger.GetAsync(first.Id, GitHubChannel.Name, target))!.Status);
    }

    [Fact]
    public async Task A_redelivered_comment_is_not_posted_twice()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        var first = await kit.ChangeAsync(story: "story-4");
        var second = await kit.ChangeAsync(story: "story-4", title: "Entity List: second notice");
        await kit.DispatchAsync(first);
        await kit.DrainDeliverQueueAsync();
        await kit.DispatchAsync(second);
        await kit.DrainDeliverQueueAsync();

        // As if the comment was posted and the host died before recording it: the same attempt runs again.
        await RunTheSameAttemptAgainAsync(kit, second.Id, target);
        var ledger = kit.Get<DeliveryLedger>();

        var issue = Assert.Single(github.Issues);
        var comment = Assert.Single(github.Comments[issue["number"]!.GetValue<int>()]);
        Assert.Contains("second notice", comment, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Delivered, (await ledger.GetAsync(second.Id, GitHubChannel.Name, target))!.Status);
    }

    [Fact]
    public async Task Two_changes_of_a_new_story_delivered_at_once_open_one_issue_and_the_second_comments_on_it()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        var notice = await kit.ChangeAsync(story: "story-8", title: "Entity List: additions of 12 entities");
        var amendment = await kit.ChangeAsync(story: "story-8", title: "eCFR: Supplement No. 4 to part 744 amended");
        await kit.DispatchAsync(notice);
        await kit.DispatchAsync(amendment);
        var held = HeldMessages.On(kit.Services);
        var createMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        github.CreateGate = createMayFinish.Task;

        var race = DeliverAllAtOnceAsync(kit);
        // One delivery is creating the story's issue; the other, meanwhile, finds the story claimed and goes back to wait.
        await github.CreateReached.WaitAsync(WatchedClock.Patience);
        var waiting = await held.First.WaitAsync(WatchedClock.Patience);
        createMayFinish.SetResult();
        var ran = await race.WaitAsync(WatchedClock.Patience);
        var issuesAfterTheRace = github.Issues.Count;
        kit.Clock.Advance(waiting.Delay);
        await DeliverUntilRestAsync(kit, held);

        Assert.Equal(2, ran);
        Assert.Equal(TimeSpan.FromSeconds(1), waiting.Delay); // Alerts:GitHub:StoryClaimWaitSeconds
        Assert.Equal(1, issuesAfterTheRace);
        var issue = Assert.Single(github.Issues);
        var number = issue["number"]!.GetValue<int>();
        var body = issue["body"]!.GetValue<string>();
        var (opener, other) = body.Contains(GitHubChannel.ChangeMarker(notice.Id), StringComparison.Ordinal) ? (notice, amendment) : (amendment, notice);
        Assert.Contains(GitHubChannel.ChangeMarker(opener.Id), body, StringComparison.Ordinal);
        var comment = Assert.Single(github.Comments[number]);
        Assert.Contains(GitHubChannel.ChangeMarker(other.Id), comment, StringComparison.Ordinal);
        var ledger = kit.Get<DeliveryLedger>();
        foreach (var change in new[] { notice, amendment })
        {
            var d = (await ledger.GetAsync(change.Id, GitHubChannel.Name, target))!;
            Assert.Equal(DeliveryStatus.Delivered, d.Status);
            Assert.Equal(number, GitHubIssueRef.Of(d)?.Number);
            Assert.Equal(1, d.Attempts);
        }
    }

    [Fact]
    public async Task A_story_claimed_by_a_worker_that_died_is_waited_for_then_taken_over_and_one_issue_is_opened()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        var change = await kit.ChangeAsync(story: "story-9");
        // A worker claimed the story for another change and died before it searched or created anything.
        await StoryRows(kit).AddEntityAsync(new TableEntity("story:" + target, "story-9") { ["ClaimedBy"] = "change-of-a-dead-worker", ["ClaimedAt"] = kit.Clock.GetUtcNow() });
        await kit.DispatchAsync(change);
        var held = HeldMessages.On(kit.Services);

        await kit.DrainDeliverQueueAsync();
        var whileClaimed = (await kit.Get<DeliveryLedger>().GetAsync(change.Id, GitHubChannel.Name, target))!;
        var issuesWhileClaimed = github.Issues.Count;
        kit.Clock.Advance(TimeSpan.FromMinutes(2));
        await DeliverUntilRestAsync(kit, held);

        Assert.Equal(0, issuesWhileClaimed);
        Assert.Equal(DeliveryStatus.Pending, whileClaimed.Status);
        Assert.Equal(0, whileClaimed.Attempts);
        var issue = Assert.Single(github.Issues);
        var number = issue["number"]!.GetValue<int>();
        Assert.Contains(GitHubChannel.ChangeMarker(change.Id), issue["body"]!.GetValue<string>(), StringComparison.Ordinal);
        var delivered = (await kit.Get<DeliveryLedger>().GetAsync(change.Id, GitHubChannel.Name, target))!;
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(1, delivered.Attempts);
        Assert.Equal(number, GitHubIssueRef.Of(delivered)?.Number);
        Assert.Equal(number, (await StoryRows(kit).GetEntityAsync<TableEntity>("story:" + target, "story-9")).Value.GetInt32("IssueNumber"));
        Assert.Contains(kit.Logs.Lines, l => l.Contains("claim of change change-of-a-dead-worker", StringComparison.Ordinal)
            && l.Contains("taken over by change " + change.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_that_died_after_GitHub_created_the_issue_is_taken_over_and_no_second_issue_is_opened()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        var first = await kit.ChangeAsync(story: "story-10");
        var second = await kit.ChangeAsync(story: "story-10", title: "eCFR: Supplement No. 4 to part 744 amended");
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DeliverQueue);
        var held = HeldMessages.On(kit.Services);
        await kit.DispatchAsync(first);

        // The worker stops right after GitHub created the issue, before it hears the number or records it; its message comes back.
        using var stop = new CancellationTokenSource();
        github.AfterCreate = _ => stop.Cancel();
        var message = Assert.Single((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => QueuePump.HandleAsync(kit.Services.Provider, StorageNames.DeliverQueue, message.Body.ToString(), stop.Token));
        github.AfterCreate = null;
        await kit.DispatchAsync(second);
        await kit.DrainDeliverQueueAsync();
        var commentsWhileClaimed = github.Comments[1].Count;
        kit.Clock.Advance(TimeSpan.FromMinutes(2));
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero); // the dead worker's message comes back
        await DeliverUntilRestAsync(kit, held);

        Assert.Equal(0, commentsWhileClaimed);
        var issue = Assert.Single(github.Issues);
        var number = issue["number"]!.GetValue<int>();
        Assert.Contains(GitHubChannel.ChangeMarker(first.Id), issue["body"]!.GetValue<string>(), StringComparison.Ordinal);
        var comment = Assert.Single(github.Comments[number]);
        Assert.Contains(GitHubChannel.ChangeMarker(second.Id), comment, StringComparison.Ordinal);
        var ledger = kit.Get<DeliveryLedger>();
        foreach (var change in new[] { first, second })
        {
            var d = (await ledger.GetAsync(change.Id, GitHubChannel.Name, target))!;
            Assert.Equal(DeliveryStatus.Delivered, d.Status);
            Assert.Equal(number, GitHubIssueRef.Of(d)?.Number);
        }

        Assert.Contains(kit.Logs.Lines, l => l.Contains("claim of change " + first.Id, StringComparison.Ordinal) && l.Contains("taken over", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_primary_rate_limit_403_is_waited_out_until_the_reset()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        var reset = kit.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        github.Interruptions.Enqueue((403, new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-used"] = "5000",
            ["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture),
        }, "{\"message\":\"API rate limit exceeded for user ID 1.\",\"documentation_url\":\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\"}"));
        var change = await kit.ChangeAsync(story: "story-5");
        await kit.DispatchAsync(change);

        await kit.DrainDeliverQueueAsync();
        var waiting = (await kit.Get<DeliveryLedger>().GetAsync(change.Id, GitHubChannel.Name, target))!;
        kit.Clock.Advance(TimeSpan.FromMinutes(10));
        await kit.Get<DispatchService>().DeliverAsync(new DeliverMessage(GitHubChannel.Name, waiting.Id, 1));

        Assert.Equal(DeliveryStatus.Pending, waiting.Status);
        Assert.Equal(0, waiting.Attempts);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(reset), waiting.NextAttemptAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Single(github.Issues);
        Assert.Equal(DeliveryStatus.Delivered, (await kit.Get<DeliveryLedger>().GetAsync(change.Id, GitHubChannel.Name, target))!.Status);
    }

    [Fact]
    public async Task A_secondary_rate_limit_429_with_retry_after_is_waited_out()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var target = await TargetAsync(kit);
        github.Interruptions.Enqueue((429, new Dictionary<string, string> { ["retry-after"] = "45" }, "{\"message\":\"You have exceeded a secondary rate limit.\"}"));
        var change = await kit.ChangeAsync(story: "story-6");
        await kit.DispatchAsync(change);

        await kit.DrainDeliverQueueAsync();

        var waiting = (await kit.Get<DeliveryLedger>().GetAsync(change.Id, GitHubChannel.Name, target))!;
        Assert.Equal(DeliveryStatus.Pending, waiting.Status);
        Assert.Equal(0, waiting.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(45), waiting.NextAttemptAt!.Value - kit.Clock.GetUtcNow());
        Assert.Empty(github.Issues);
    }

    [Fact]
    public async Task Targets_are_scoped_to_their_team_and_bad_ones_store_nothing()
    {
        await using var kit = await GitHubKitAsync();
        var github = kit.World.GitHub;
        var id = await TargetAsync(kit);

        var badRepo = await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = "../etc/passwd" });
        var badLabel = await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = "acme/x", labels = new[] { "a,b" } });
        var badField = await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = "acme/x", token = "mine" });
        var foreignDelete = await kit.Api.CallAsync("DeleteGitHubTarget", kit.Keys.TeamB, id: id);
        var listB = await kit.Api.CallAsync("ListGitHubTargets", kit.Keys.TeamB);
        var listA = await kit.Api.CallAsync("ListGitHubTargets", kit.Keys.TeamA);

        Assert.Equal(400, badRepo.Status);
        Assert.Contains("owner/name", badRepo.Body, StringComparison.Ordinal);
        Assert.Equal(400, badLabel.Status);
        Assert.Equal(400, badField.Status);
        Assert.Equal(404, foreignDelete.Status);
        Assert.Empty(listB.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(id, Assert.Single(listA.Json.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(200, (await kit.Api.CallAsync("DeleteGitHubTarget", kit.Keys.TeamA, id: id)).Status);
        Assert.Empty((await kit.Api.CallAsync("ListGitHubTargets", kit.Keys.TeamA)).Json.GetProperty("items").EnumerateArray());
    }

    private static TableClient StoryRows(Kit kit) => kit.Get<AlertsStorage>().Table(StorageNames.GitHubTargets);

    /// <summary>Takes every visible deliver message and runs them all at once, as several queue workers would.</summary>
    private static async Task<int> DeliverAllAtOnceAsync(Kit kit)
    {
        var queue = kit.Get<AlertsStorage>().Queue(StorageNames.DeliverQueue);
        var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
        await Task.WhenAll(messages.Select(async m =>
        {
            await QueuePump.HandleAsync(kit.Services.Provider, StorageNames.DeliverQueue, m.Body.ToString(), CancellationToken.None);
            await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        }));
        return messages.Length;
    }

    /// <summary>Runs the deliver queue until it rests: every visible message, then every held one the fake clock has made due, again.</summary>
    private static async Task DeliverUntilRestAsync(Kit kit, HeldMessages held)
    {
        for (var round = 0; round < 20; round++)
        {
            var ran = await kit.DrainDeliverQueueAsync();
            if (await held.ReleaseDueAsync() == 0 && ran == 0)
            {
                return;
            }
        }

        Assert.Fail("The deliver queue did not come to rest in 20 rounds.");
    }
}
