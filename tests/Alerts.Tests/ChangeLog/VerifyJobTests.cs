using Alerts.Server.Hosting;
using Alerts.Tests.Webhooks;
using Microsoft.Extensions.Logging;

namespace Alerts.Tests.ChangeLog;

/// <summary>Issue 16, item 7: a full verify is a job (POST answers 202, a status resource, the work on the verify queue); GET stays bounded.</summary>
public sealed class VerifyJobTests
{
    [Fact]
    public async Task A_full_verify_is_a_job_POST_answers_202_with_a_status_resource_the_queue_worker_completes()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, 5);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;

        var post = await host.Api.CallAsync("StartVerifyJob", auditor);
        var location = post.Headers.Location.ToString();
        var queued = await JsonAsync(host, auditor, location);
        var ran = await DrainVerifyQueueAsync(host.Services.Provider);
        var done = await JsonAsync(host, auditor, location);

        Assert.Equal(202, post.Status);
        Assert.StartsWith("/api/changes/verify/", location, StringComparison.Ordinal);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(1, ran);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("ok").GetBoolean());
        Assert.Equal(5, done.GetProperty("checked").GetInt64());
        Assert.Equal(5, done.GetProperty("headSequence").GetInt64());
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        Assert.Contains("intact", done.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verify_job_names_the_first_bad_sequence_and_logs_the_line_the_alert_rule_watches()
    {
        TestLogs? logs = null;
        await using var host = await TestWorld.StartAsync(configure: s => logs = TestLogs.AddTo(s));
        await Seed.AppendManyAsync(host.Services, 4);
        await TamperAsync(host.Services, 3);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;

        var post = await host.Api.CallAsync("StartVerifyJob", auditor, query: "?evidence=false");
        await DrainVerifyQueueAsync(host.App.Services); // the self-host's own services, whose logs are captured
        var done = await JsonAsync(host, auditor, post.Headers.Location.ToString());

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.False(done.GetProperty("ok").GetBoolean());
        Assert.Equal(3, done.GetProperty("firstBadSequence").GetInt64());
        Assert.Contains("hashes to", done.GetProperty("problem").GetString(), StringComparison.Ordinal);
        // infra/modules/alerts.bicep, rule chain-verification, matches this line.
        Assert.Contains(logs!.Lines, l => l.Contains(": Change log verification failed: verify job", StringComparison.Ordinal) && l.Contains("sequence 3", StringComparison.Ordinal));
        Assert.Contains(
            "message startswith \"Change log verification failed\"",
            await File.ReadAllTextAsync(Path.Combine(Paths.RepoRoot, "infra", "modules", "alerts.bicep")),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_again_joins_the_unfinished_job_and_a_message_delivered_twice_does_not_run_a_finished_job_again()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, 2);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;

        var first = await host.Api.CallAsync("StartVerifyJob", auditor);
        var second = await host.Api.CallAsync("StartVerifyJob", auditor);
        var withoutEvidence = await host.Api.CallAsync("StartVerifyJob", auditor, query: "?evidence=false");
        var queue = host.Services.Get<AlertsStorage>().Queue(StorageNames.VerifyQueue);
        var messages = (await queue.PeekMessagesAsync(32)).Value;
        await DrainVerifyQueueAsync(host.Services.Provider);
        var done = await JsonAsync(host, auditor, first.Headers.Location.ToString());
        var id = done.GetProperty("id").GetString()!;
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await QueuePump.HandleAsync(host.Services.Provider, StorageNames.VerifyQueue, QueueSender.Serialize(new VerifyMessage(id)), CancellationToken.None);
        var again = await JsonAsync(host, auditor, first.Headers.Location.ToString());

        Assert.Equal(first.Headers.Location.ToString(), second.Headers.Location.ToString());
        Assert.NotEqual(first.Headers.Location.ToString(), withoutEvidence.Headers.Location.ToString());
        Assert.Equal(2, messages.Length);
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.Equal(1, again.GetProperty("attempts").GetInt32());
        Assert.Equal(done.GetProperty("finishedAt").GetDateTimeOffset(), again.GetProperty("finishedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_job_whose_worker_stopped_mid_run_is_run_again_when_its_message_comes_back()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, 3);
        var jobs = host.Services.Get<VerifyJobs>();
        var (job, _) = await jobs.StartAsync(evidence: false, checkAnchors: false);
        // The worker took the message, marked the job running and died: the row says running, the message comes back.
        var table = host.Services.Get<AlertsStorage>().Table(StorageNames.VerifyJobs);
        await table.UpsertEntityAsync(new TableEntity("job", job.Id) { ["Status"] = "running", ["Attempts"] = 1, ["Checked"] = 2L }, TableUpdateMode.Merge);

        await DrainVerifyQueueAsync(host.Services.Provider);
        var after = await jobs.GetAsync(job.Id);

        Assert.Equal(VerifyJobStatus.Succeeded, after!.Status);
        Assert.Equal(2, after.Attempts);
        Assert.True(after.Ok);
        Assert.Equal(3, after.Checked);
    }

    [Fact]
    public async Task A_job_row_with_an_unknown_status_word_is_a_clear_error_not_a_default()
    {
        await using var t = await TestServices.CreateAsync();
        var jobs = t.Get<VerifyJobs>();
        var (job, _) = await jobs.StartAsync(evidence: false, checkAnchors: false);
        var table = t.Get<AlertsStorage>().Table(StorageNames.VerifyJobs);
        Assert.Equal("queued", (await table.GetEntityAsync<TableEntity>("job", job.Id)).Value.GetString("Status"));
        await table.UpsertEntityAsync(new TableEntity("job", job.Id) { ["Status"] = "paused" }, TableUpdateMode.Merge);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => jobs.GetAsync(job.Id));

        Assert.Contains("unknown status 'paused'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Functions_verify_queue_trigger_runs_the_same_job_as_the_self_hosts_pump()
    {
        await using var t = await TestServices.CreateAsync();
        await Seed.AppendManyAsync(t, 2);
        var (job, joined) = await t.Get<VerifyJobs>().StartAsync(evidence: true, checkAnchors: false);
        var functions = ActivatorUtilities.CreateInstance<Alerts.Functions.JobFunctions>(t.Provider);

        var sent = Assert.Single((await t.Get<AlertsStorage>().Queue(StorageNames.VerifyQueue).ReceiveMessagesAsync(32)).Value);
        await functions.Verify(QueueSender.Parse<VerifyMessage>(sent.Body.ToString()), CancellationToken.None);
        var after = await t.Get<VerifyJobs>().GetAsync(job.Id);

        Assert.False(joined);
        Assert.Equal(job.Id, QueueSender.Parse<VerifyMessage>(sent.Body.ToString()).JobId);
        Assert.Equal(VerifyJobStatus.Succeeded, after!.Status);
        Assert.True(after.Ok);
        Assert.Equal(2, after.Checked);
    }

    [Fact]
    public async Task Bad_verify_requests_get_a_clear_error_and_start_nothing()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, 2);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;
        var team = (await host.CreateKeyAsync(Roles.Team, team: "team-a")).Secret;

        var badFlag = await host.Api.CallAsync("StartVerifyJob", auditor, query: "?evidence=maybe");
        var anchorsOff = await host.Api.CallAsync("StartVerifyJob", auditor, query: "?anchors=true");
        var notAnId = await host.Api.CallAsync("GetVerifyJob", auditor, id: "not-a-job-id");
        var unknown = await host.Api.CallAsync("GetVerifyJob", auditor, id: "20261102090000abcdefabcdef");
        var lastZero = await host.Api.CallAsync("VerifyChanges", auditor, query: "?last=0");
        var lastTooMany = await host.Api.CallAsync("VerifyChanges", auditor, query: $"?last={ChangesApi.MaxVerifyLast + 1}");
        var teamPost = await host.Api.CallAsync("StartVerifyJob", team);

        Assert.Equal(400, badFlag.Status);
        Assert.Equal(400, anchorsOff.Status);
        Assert.Contains("Alerts:Anchoring:Repository", anchorsOff.Body, StringComparison.Ordinal);
        Assert.Equal(400, notAnId.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(400, lastZero.Status);
        Assert.Contains("POST /api/changes/verify", lastTooMany.Body, StringComparison.Ordinal);
        Assert.Equal(403, teamPost.Status);
        Assert.Empty((await host.Services.Get<AlertsStorage>().Queue(StorageNames.VerifyQueue).PeekMessagesAsync(32)).Value);
        var rows = 0;
        await foreach (var _ in host.Services.Get<AlertsStorage>().Table(StorageNames.VerifyJobs).QueryAsync<TableEntity>())
        {
            rows++;
        }

        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task The_bounded_GET_checks_only_the_newest_entries_linked_to_the_one_before()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, 6);
        await TamperAsync(host.Services, 2);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;

        var newest = await host.Api.CallAsync("VerifyChanges", auditor, query: "?last=4&evidence=false");
        var reaching = await host.Api.CallAsync("VerifyChanges", auditor, query: "?last=5&evidence=false");
        var newestBody = newest.Json;
        var reachingBody = reaching.Json;

        Assert.Equal(200, newest.Status);
        Assert.Equal(3, newestBody.GetProperty("from").GetInt64());
        Assert.Equal(4, newestBody.GetProperty("checked").GetInt64());
        Assert.Equal(409, reaching.Status);
        Assert.Equal(2, reachingBody.GetProperty("firstBadSequence").GetInt64());
    }

    /// <summary>Runs every visible verify message through the self-host's queue handler, as the pump or the Functions trigger would.</summary>
    internal static Task<int> DrainVerifyQueueAsync(IServiceProvider services) => Kit.DrainQueueAsync(services, StorageNames.VerifyQueue);

    private static async Task TamperAsync(TestServices services, long sequence)
    {
        var table = services.Get<AlertsStorage>().Table(StorageNames.Changes);
        var entity = (await table.GetEntityAsync<TableEntity>(ChangeLogStore.Partition, ChangeLogStore.EntryRow(sequence))).Value;
        entity["Body"] = entity.GetString("Body")!.Replace("\"severity\":\"high\"", "\"severity\":\"low\"", StringComparison.Ordinal);
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
    }

    /// <summary>The job a 202's Location names (/api/changes/verify/{jobId}), read through its route.</summary>
    private static async Task<JsonElement> JsonAsync(TestWorld host, string key, string location)
    {
        const string prefix = "/api/changes/verify/";
        Assert.StartsWith(prefix, location, StringComparison.Ordinal);
        var r = await host.Api.CallAsync("GetVerifyJob", key, id: location[prefix.Length..]);
        Assert.Equal(200, r.Status);
        return r.Json;
    }
}
