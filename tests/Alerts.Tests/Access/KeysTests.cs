using System.Net;
using Alerts.Core.Access;
using Alerts.Server.Cli;

namespace Alerts.Tests.Access;

public sealed class KeysTests
{
    [Fact]
    public async Task Requests_without_a_key_or_with_a_wrong_key_get_401_problem_details_that_never_echo_the_key()
    {
        await using var host = await TestWorld.StartAsync();
        var wrong = "epa_0123456789abcdef_this-is-not-a-real-key-but-looks-like-one";

        var none = await host.Api.CallAsync("ListChanges");
        var bad = await host.Api.CallAsync("ListChanges", wrong);
        var garbage = await host.Api.CallAsync("ListKeys", "x");

        foreach (var r in new[] { none, bad, garbage })
        {
            Assert.Equal(401, r.Status);
            Assert.Equal("application/problem+json", r.MediaType);
            Assert.Equal(Problems.TypeBase + "unauthorized", r.Json.GetProperty("type").GetString());
            Assert.DoesNotContain(wrong, r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("this-is-not-a-real-key", r.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Health_and_openapi_stay_public_while_change_routes_need_an_auditor_key()
    {
        await using var host = await TestWorld.StartAsync();
        var auditor = await host.CreateKeyAsync(Roles.Auditor);

        Assert.Equal(200, (await host.Api.CallAsync("Health")).Status);
        Assert.Equal(200, (await host.Api.CallAsync("OpenApi")).Status);
        foreach (var (route, id) in new (string, string?)[] { ("ListChanges", null), ("ChangesAtom", null), ("VerifyChanges", null), ("GetChange", "1"), ("GetEvidence", "1") })
        {
            Assert.Equal(401, (await host.Api.CallAsync(route, id: id)).Status);
            Assert.NotEqual(401, (await host.Api.CallAsync(route, auditor.Secret, id: id)).Status);
        }
    }

    [Fact]
    public async Task An_auditor_key_cannot_create_keys_and_nothing_is_created()
    {
        await using var host = await TestWorld.StartAsync();
        var auditor = await host.CreateKeyAsync(Roles.Auditor);

        var r = await host.Api.CallAsync("CreateKey", auditor.Secret, new { name = "sneaky", role = "admin" });
        var list = await host.Api.CallAsync("ListKeys", auditor.Secret);

        Assert.Equal(403, r.Status);
        Assert.Equal(Problems.TypeBase + "forbidden", r.Json.GetProperty("type").GetString());
        Assert.Equal(403, list.Status);
        Assert.Single(await host.Services.Get<ApiKeyStore>().ListAsync());
    }

    [Fact]
    public async Task A_team_key_cannot_read_changes_or_manage_keys()
    {
        await using var host = await TestWorld.StartAsync();
        var team = await host.CreateKeyAsync(Roles.Team);

        Assert.Equal(403, (await host.Api.CallAsync("ListChanges", team.Secret)).Status);
        Assert.Equal(403, (await host.Api.CallAsync("ListKeys", team.Secret)).Status);
        Assert.Equal(403, (await host.Api.CallAsync("RevokeKey", team.Secret, id: team.Key.Id)).Status);
        Assert.Equal("active", (await host.Services.Get<ApiKeyStore>().GetAsync(team.Key.Id))!.StatusAt(host.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task An_admin_creates_a_key_that_is_shown_once_listed_without_its_secret_and_revocable()
    {
        await using var host = await TestWorld.StartAsync();
        const string admin = TestWorld.AdminKey;

        var created = await host.Api.CallAsync("CreateKey", admin, new { name = "External auditor", role = "auditor" });
        Assert.Equal(201, created.Status);
        var key = created.Json.GetProperty("key").GetString()!;
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.StartsWith(ApiKeyStore.KeyPrefix + id + "_", key, StringComparison.Ordinal);
        Assert.Equal(200, (await host.Api.CallAsync("ListChanges", key)).Status);

        var listed = await host.Api.CallAsync("ListKeys", admin);
        Assert.Equal(200, listed.Status);
        var listText = listed.Body;
        Assert.Contains(id, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(key[(ApiKeyStore.KeyPrefix.Length + 17)..], listText, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyStore.Hash(key), listText, StringComparison.Ordinal);

        // Stored hashed: the secret is nowhere in the table.
        var table = host.Services.Get<AlertsStorage>().Table(StorageNames.ApiKeys);
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(e, kv => kv.Value is string s && s.Contains(key[(ApiKeyStore.KeyPrefix.Length + 17)..], StringComparison.Ordinal));
        }

        var revoked = await host.Api.CallAsync("RevokeKey", admin, id: id);
        Assert.Equal(200, revoked.Status);
        Assert.Equal("revoked", revoked.Json.GetProperty("status").GetString());
        Assert.Equal(401, (await host.Api.CallAsync("ListChanges", key)).Status);
        Assert.Equal(404, (await host.Api.CallAsync("RevokeKey", admin, id: "0000000000000000")).Status);
    }

    [Fact]
    public async Task A_key_stops_working_when_it_expires()
    {
        await using var host = await TestWorld.StartAsync();
        var key = await host.CreateKeyAsync(Roles.Auditor, expiresAt: host.Clock.GetUtcNow().AddDays(1));

        var before = await host.Api.CallAsync("ListChanges", key.Secret);
        host.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));
        var after = await host.Api.CallAsync("ListChanges", key.Secret);

        Assert.Equal(200, before.Status);
        Assert.Equal(401, after.Status);
        Assert.Equal("expired", (await host.Services.Get<ApiKeyStore>().GetAsync(key.Key.Id))!.StatusAt(host.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_team_key_belongs_to_its_own_id_by_default_or_to_the_given_team()
    {
        await using var t = await TestServices.CreateAsync();
        var store = t.Get<ApiKeyStore>();

        var own = await store.CreateAsync(new NewApiKey("team a", Roles.Team));
        var shared = await store.CreateAsync(new NewApiKey("team b bot", Roles.Team, "team-b"));
        var auditor = await store.CreateAsync(new NewApiKey("auditor", Roles.Auditor));

        Assert.Equal(own.Key.Id, (await store.AuthenticateKeyAsync(own.Secret))!.TeamId);
        Assert.Equal("team-b", (await store.AuthenticateKeyAsync(shared.Secret))!.TeamId);
        Assert.Null((await store.AuthenticateKeyAsync(auditor.Secret))!.TeamId);
        Assert.Null(await store.AuthenticateKeyAsync(own.FeedToken));
    }

    public static TheoryData<string, string, HttpStatusCode> BadCreations => new()
    {
        { "application/json", """{"name":"x","role":"superuser"}""", HttpStatusCode.BadRequest },
        { "application/json", """{"role":"auditor"}""", HttpStatusCode.BadRequest },
        { "application/json", """{"name":"x","role":"auditor","team":"t1"}""", HttpStatusCode.BadRequest },
        { "application/json", """{"name":"x","role":"team","team":"no/slashes"}""", HttpStatusCode.BadRequest },
        { "application/json", """{"name":"x","role":"auditor","expiresAt":"2020-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest },
        { "application/json", """{"name":"x","role":"auditor","expiresAt":"tomorrow"}""", HttpStatusCode.BadRequest },
        { "application/json", """{"name":"x", """, HttpStatusCode.BadRequest },
        { "application/json", "[]", HttpStatusCode.BadRequest },
        { "text/plain", """{"name":"x","role":"auditor"}""", HttpStatusCode.UnsupportedMediaType },
        { "application/json", "{\"name\":\"" + new string('a', 20_000) + "\",\"role\":\"auditor\"}", HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadCreations))]
    public async Task A_bad_key_request_gets_a_clear_error_and_creates_nothing(string contentType, string body, HttpStatusCode expected)
    {
        await using var host = await TestWorld.StartAsync();

        var r = await host.Api.CallAsync("CreateKey", TestWorld.AdminKey, contentType: contentType, rawBody: body);

        Assert.Equal((int)expected, r.Status);
        Assert.False(string.IsNullOrWhiteSpace(r.Json.GetProperty("detail").GetString()));
        Assert.Empty(await host.Services.Get<ApiKeyStore>().ListAsync());
    }

    [Fact]
    public async Task The_bootstrap_admin_key_cannot_be_revoked_over_http()
    {
        await using var host = await TestWorld.StartAsync();

        var r = await host.Api.CallAsync("RevokeKey", TestWorld.AdminKey, id: "bootstrap");

        Assert.Equal(400, r.Status);
        Assert.Equal(200, (await host.Api.CallAsync("ListKeys", TestWorld.AdminKey)).Status);
    }

    [Fact]
    public async Task A_bootstrap_admin_key_shorter_than_32_characters_stops_start_up_naming_the_setting()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:Keys:BootstrapAdminKey"] = "too-short" })
            .ContinueWith(t => t.Result.Get<IOptions<ApiKeyOptions>>().Value, TaskScheduler.Default));

        Assert.Contains("Alerts:Keys:BootstrapAdminKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_creates_lists_and_revokes_keys_and_rejects_bad_input()
    {
        await using var t = await TestServices.CreateAsync();
        void Configure(IServiceCollection s) => s.Configure<Alerts.Core.AlertsOptions>(t.SameStorage);

        var badOut = new StringWriter();
        var badErr = new StringWriter();
        var bad = await AlertsCli.RunAsync(["keys", "create", "--role", "superuser", "--name", "x"], badOut, badErr, Configure);
        var badTeam = await AlertsCli.RunAsync(["keys", "create", "--role", "auditor", "--name", "x", "--team", "t"], new StringWriter(), badErr, Configure);
        var badDate = await AlertsCli.RunAsync(["keys", "create", "--role", "auditor", "--name", "x", "--expires", "soon"], new StringWriter(), badErr, Configure);
        Assert.Equal(AlertsCli.Usage, bad);
        Assert.Equal(AlertsCli.Usage, badTeam);
        Assert.Equal(AlertsCli.Usage, badDate);
        Assert.Empty(await t.Get<ApiKeyStore>().ListAsync());

        var output = new StringWriter();
        Assert.Equal(AlertsCli.Ok, await AlertsCli.RunAsync(
            ["keys", "create", "--role", "team", "--name", "Team A", "--team", "team-a", "--expires", "2099-01-01"], output, new StringWriter(), Configure));
        var secret = output.ToString().Split('\n').Single(l => l.StartsWith("key:", StringComparison.Ordinal))[4..].Trim();
        var caller = await t.Get<ApiKeyStore>().AuthenticateKeyAsync(secret);
        Assert.Equal(("team", "team-a", "Team A"), (caller!.Role, caller.TeamId, caller.Name));

        var list = new StringWriter();
        Assert.Equal(AlertsCli.Ok, await AlertsCli.RunAsync(["keys", "list"], list, new StringWriter(), Configure));
        Assert.Contains(caller.KeyId, list.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.ToString(), StringComparison.Ordinal);

        Assert.Equal(AlertsCli.Ok, await AlertsCli.RunAsync(["keys", "revoke", caller.KeyId], new StringWriter(), new StringWriter(), Configure));
        Assert.Null(await t.Get<ApiKeyStore>().AuthenticateKeyAsync(secret));
        Assert.Equal(AlertsCli.Failed, await AlertsCli.RunAsync(["keys", "revoke", "ffffffffffffffff"], new StringWriter(), new StringWriter(), Configure));
    }
}
