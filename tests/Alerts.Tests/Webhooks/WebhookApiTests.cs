using Alerts.Core.Webhooks;

namespace Alerts.Tests.Webhooks;

public sealed class WebhookApiTests
{
    [Fact]
    public async Task Registering_an_endpoint_returns_its_secret_once_and_never_again()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();

        var created = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, new
        {
            url = receiver.BaseUri + "hook",
            format = "slack",
            description = "compliance channel",
            topics = new[] { "entity-list" },
            jurisdictions = new[] { "US" },
            minSeverity = "medium",
            keywords = new[] { "semiconductor" },
        });

        Assert.Equal(201, created.Status);
        var secret = created.Json.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.Equal("slack", created.Json.GetProperty("format").GetString());
        Assert.Equal("medium", created.Json.GetProperty("filters").GetProperty("minSeverity").GetString());

        var one = await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id);
        var list = await kit.Api.CallAsync("ListWebhooks", kit.Keys.TeamA);
        Assert.Equal(200, one.Status);
        Assert.Equal(id, list.Json.GetProperty("items")[0].GetProperty("id").GetString());
        foreach (var body in new[] { one.Body, list.Body })
        {
            Assert.DoesNotContain("whsec_", body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret["whsec_".Length..], body, StringComparison.Ordinal);
        }

        Assert.Empty(receiver.Requests);
        Assert.DoesNotContain(kit.Logs.Lines, l => l.Contains(secret["whsec_".Length..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_teams_endpoint_answers_404_and_is_left_unchanged()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");

        var get = await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamB, id: id);
        var put = await kit.Api.CallAsync("UpdateWebhook", kit.Keys.TeamB, new { url = receiver.BaseUri + "other" }, id: id);
        var delete = await kit.Api.CallAsync("DeleteWebhook", kit.Keys.TeamB, id: id);
        var rotate = await kit.Api.CallAsync("RotateWebhookSecret", kit.Keys.TeamB, id: id);
        var test = await kit.Api.CallAsync("TestWebhook", kit.Keys.TeamB, id: id);
        var log = await kit.Api.CallAsync("ListWebhookDeliveries", kit.Keys.TeamB, id: id);
        var list = await kit.Api.CallAsync("ListWebhooks", kit.Keys.TeamB);

        Assert.All(new[] { get, put, delete, rotate, test, log }, r => Assert.Equal(404, r.Status));
        Assert.Empty(list.Json.GetProperty("items").EnumerateArray());
        Assert.Empty(receiver.Requests);
        var mine = await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id);
        Assert.Equal(receiver.BaseUri + "hook", mine.Json.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Keys_without_a_team_or_the_team_role_are_refused()
    {
        await using var kit = await Kit.CreateAsync();

        Assert.Equal(401, (await kit.Api.CallAsync("ListWebhooks", null)).Status);
        Assert.Equal(401, (await kit.Api.CallAsync("ListWebhooks", "not-a-key")).Status);
        Assert.Equal(403, (await kit.Api.CallAsync("ListWebhooks", kit.Keys.Auditor)).Status);
        var admin = await kit.Api.CallAsync("CreateWebhook", kit.Keys.Admin, new { url = "http://127.0.0.1:9/x" });
        Assert.Equal(403, admin.Status);
        Assert.Contains("team key", admin.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int, string> BadRequests => new()
    {
        { "application/json", "{not json", 400, "not valid JSON" },
        { "application/json", "[1,2]", 400, "JSON object" },
        { "text/plain", "{\"url\":\"URL\"}", 415, "application/json" },
        { "application/json", "{}", 400, "url is required" },
        { "application/json", "{\"url\":\"URL\",\"format\":\"discord\"}", 400, "format must be one of" },
        { "application/json", "{\"url\":\"URL\",\"minSeverity\":\"urgent\"}", 400, "minSeverity must be one of" },
        { "application/json", "{\"url\":\"URL\",\"topics\":\"entity-list\"}", 400, "topics must be an array" },
        { "application/json", "{\"url\":\"URL\",\"keywords\":[\"\"]}", 400, "keywords must hold non-empty strings" },
        { "application/json", "{\"url\":\"URL\",\"colour\":\"red\"}", 400, "Unknown field 'colour'" },
        { "application/json", "{\"url\":42}", 400, "url must be a string" },
        { "application/json", "{\"url\":\"ftp://127.0.0.1/x\"}", 400, "must use http or https" },
        { "application/json", "{\"url\":\"not a url\"}", 400, "not an absolute URL" },
        { "application/json", "{\"url\":\"http://user:pw@127.0.0.1/x\"}", 400, "user name or password" },
        { "application/json", "{\"url\":\"URL\",\"description\":\"LONG\"}", 400, "description may be at most 500" },
        { "application/json", "BIG", 413, "at most 65536 bytes" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_registrations_get_a_clear_error_and_store_nothing(string contentType, string body, int status, string message)
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var raw = body.Replace("URL", receiver.BaseUri + "hook", StringComparison.Ordinal)
            .Replace("LONG", new string('x', 501), StringComparison.Ordinal);
        if (raw == "BIG")
        {
            raw = "{\"url\":\"" + receiver.BaseUri + "hook\",\"description\":\"" + new string('x', 70_000) + "\"}";
        }

        var r = await kit.Api.CallAsync("CreateWebhook", kit.Keys.TeamA, rawBody: raw, contentType: contentType);

        Assert.Equal(status, r.Status);
        Assert.Contains(message, r.Body, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", r.Headers.ContentType.ToString());
        Assert.Empty((await kit.Api.CallAsync("ListWebhooks", kit.Keys.TeamA)).Json.GetProperty("items").EnumerateArray());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task An_update_with_bad_input_changes_nothing_and_a_good_one_replaces_the_settings()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");

        var bad = await kit.Api.CallAsync("UpdateWebhook", kit.Keys.TeamA, new { url = "http://169.254.169.254/latest", format = "teams" }, id: id);
        var afterBad = await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id);
        var good = await kit.Api.CallAsync("UpdateWebhook", kit.Keys.TeamA, new { url = receiver.BaseUri + "v2", format = "teams", topics = new[] { "tariffs" } }, id: id);

        Assert.Equal(400, bad.Status);
        Assert.Equal("standard", afterBad.Json.GetProperty("format").GetString());
        Assert.Equal(receiver.BaseUri + "hook", afterBad.Json.GetProperty("url").GetString());
        Assert.Equal(200, good.Status);
        Assert.Equal("teams", good.Json.GetProperty("format").GetString());
        Assert.Equal("tariffs", good.Json.GetProperty("filters").GetProperty("topics")[0].GetString());
    }

    [Fact]
    public async Task Delete_removes_the_endpoint_for_good()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");

        Assert.Equal(200, (await kit.Api.CallAsync("DeleteWebhook", kit.Keys.TeamA, id: id)).Status);
        Assert.Equal(404, (await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id)).Status);
        await kit.DispatchAsync(await kit.ChangeAsync());
        Assert.Equal(0, await kit.DrainDeliverQueueAsync());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task The_test_ping_reports_status_time_and_body_and_is_signed()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{\"received\":true}", status: 202));
        await using var kit = await Kit.CreateAsync();
        var (id, secret) = await kit.RegisterAsync(receiver.BaseUri + "hook");

        var r = await kit.Api.CallAsync("TestWebhook", kit.Keys.TeamA, id: id);

        Assert.Equal(200, r.Status);
        Assert.True(r.Json.GetProperty("ok").GetBoolean());
        Assert.Equal(202, r.Json.GetProperty("status").GetInt32());
        Assert.True(r.Json.GetProperty("durationMs").GetInt64() >= 0);
        Assert.Equal("{\"received\":true}", r.Json.GetProperty("bodyExcerpt").GetString());
        var request = Assert.Single(receiver.Requests);
        Kit.Verify(secret, request);
        Assert.Equal(WebhookPayloads.PingEventType, JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString());
        Assert.Equal(r.Json.GetProperty("webhookId").GetString(), request.Headers["webhook-id"]);
    }

    [Fact]
    public async Task A_test_ping_answered_404_is_reported_as_a_failure()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "no such hook", "text/plain", 404));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");

        var r = await kit.Api.CallAsync("TestWebhook", kit.Keys.TeamA, id: id);

        Assert.False(r.Json.GetProperty("ok").GetBoolean());
        Assert.Equal(404, r.Json.GetProperty("status").GetInt32());
        Assert.Equal("no such hook", r.Json.GetProperty("bodyExcerpt").GetString());
        Assert.Contains("404", r.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        var log = await kit.Api.CallAsync("ListWebhookDeliveries", kit.Keys.TeamA, id: id);
        Assert.Equal("ping failed", log.Json.GetProperty("items")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_newest_first_until_the_grace_period_ends()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?> { ["Alerts:Webhooks:SecretGraceHours"] = "1" });
        var (id, oldSecret) = await kit.RegisterAsync(receiver.BaseUri + "hook");

        var rotated = await kit.Api.CallAsync("RotateWebhookSecret", kit.Keys.TeamA, id: id);
        var newSecret = rotated.Json.GetProperty("secret").GetString()!;
        await kit.Api.CallAsync("TestWebhook", kit.Keys.TeamA, id: id);

        Assert.NotEqual(oldSecret, newSecret);
        var during = receiver.Requests.Last();
        var signatures = during.Headers["webhook-signature"].Split(' ');
        Assert.Equal(2, signatures.Length);
        Kit.Verify(newSecret, during, signatures[0]);
        Kit.Verify(oldSecret, during, signatures[1]);
        Kit.Verify(newSecret, during);
        Assert.ThrowsAny<Exception>(() => Kit.Verify(oldSecret, during, signatures[0]));
        Assert.DoesNotContain("whsec_", (await kit.Api.CallAsync("GetWebhook", kit.Keys.TeamA, id: id)).Body, StringComparison.Ordinal);

        kit.Clock.Advance(TimeSpan.FromMinutes(61));
        await kit.Api.CallAsync("TestWebhook", kit.Keys.TeamA, id: id);
        var after = receiver.Requests.Last();
        var timestamp = long.Parse(after.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WebhookSigner.Sign(after.Headers["webhook-id"], timestamp, after.Body, [newSecret]), after.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task Redelivery_of_an_unknown_or_foreign_delivery_is_404()
    {
        await using var receiver = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "{}"));
        await using var kit = await Kit.CreateAsync();
        var (id, _) = await kit.RegisterAsync(receiver.BaseUri + "hook");
        var (other, _) = await kit.RegisterAsync(receiver.BaseUri + "other");
        var change = await kit.ChangeAsync();
        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();

        var wrongEndpoint = await kit.Api.CallAsync("RedeliverWebhook", kit.Keys.TeamA, id: id, deliveryId: change.Id + "." + other);
        var garbage = await kit.Api.CallAsync("RedeliverWebhook", kit.Keys.TeamA, id: id, deliveryId: "nonsense");
        var foreign = await kit.Api.CallAsync("RedeliverWebhook", kit.Keys.TeamB, id: id, deliveryId: change.Id + "." + id);

        Assert.Equal(404, wrongEndpoint.Status);
        Assert.Equal(404, garbage.Status);
        Assert.Equal(404, foreign.Status);
        Assert.Equal(0, await kit.DrainDeliverQueueAsync());
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public void Routes_of_the_team_endpoints_need_the_team_role() =>
        Assert.All(Alerts.Core.ApiRoutes.All.Where(r => r.Route.StartsWith("webhooks", StringComparison.Ordinal) || r.Route.StartsWith("github-targets", StringComparison.Ordinal)),
            r => Assert.Equal("team", r.Role));
}
