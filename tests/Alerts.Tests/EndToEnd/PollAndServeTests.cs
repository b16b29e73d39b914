using Alerts.Server.Cli;

namespace Alerts.Tests.EndToEnd;

/// <summary>The user's path: `alerts poll` against a local Federal Register, then the API of `alerts serve` on the same storage.</summary>
public sealed class PollAndServeTests
{
    private static readonly string[] FederalRegisterSources = ["--source", "federal-register-public-inspection", "--source", "federal-register"];

    private static async Task<(int Code, string Out, string Err)> Cli(TestServices t, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AlertsCli.RunAsync(args, stdout, stderr, settings: t.Settings.ToDictionary());
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Poll_records_the_documents_a_second_poll_records_none_and_the_api_returns_them()
    {
        const string adminKey = "end-to-end-bootstrap-admin-key-0123456789";
        await using var fr = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        var settings = FederalRegisterServer.Settings(fr.BaseUri);
        settings["Alerts:Keys:BootstrapAdminKey"] = adminKey;
        await using var t = await TestServices.CreateAsync(settings);

        var first = await Cli(t, ["poll", "--json", .. FederalRegisterSources]);
        var second = await Cli(t, ["poll", "--json", .. FederalRegisterSources]);

        Assert.True(first.Code == 0, first.Err);
        var lines = first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // 1 on public inspection, then 3 published (one of them the same document's next change)
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            foreach (var field in new[] { "id", "sequence", "sourceId", "itemKey", "changeType", "title", "url", "publishedAt", "detectedAt", "jurisdiction",
                "topics", "severity", "relevance", "matched" })
            {
                Assert.True(doc.RootElement.TryGetProperty(field, out _), $"poll --json line lacks {field}: {line}");
            }
        }

        Assert.Equal(0, second.Code);
        Assert.Equal("", second.Out);

        await using var server = await SelfHost.StartAsync(t.Settings); // `alerts serve` on the storage `alerts poll` wrote
        var api = ApiClient.Over(server.Client());
        Assert.Equal(401, (await api.CallAsync("ListChanges")).Status);

        var list = await api.CallAsync("ListChanges", adminKey, query: "?pageSize=3");
        var items = list.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([4L, 3, 2], items.Select(i => i.GetProperty("sequence").GetInt64()));
        var token = list.Json.GetProperty("continuationToken").GetString();
        var page2 = await api.CallAsync("ListChanges", adminKey, query: "?pageSize=3&continuationToken=" + Uri.EscapeDataString(token!));
        Assert.Equal([1L], page2.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64()));
        Assert.False(page2.Json.TryGetProperty("continuationToken", out _)); // the last page has none

        var id = items[0].GetProperty("id").GetString();
        var one = await api.CallAsync("GetChange", adminKey, id: id);
        Assert.Equal(id, one.Json.GetProperty("id").GetString());
        Assert.True(one.Json.GetProperty("diff").GetArrayLength() > 0);

        var bySource = await api.CallAsync("ListChanges", adminKey, query: "?source=federal-register-public-inspection");
        Assert.Single(bySource.Json.GetProperty("items").EnumerateArray());

        var health = await api.CallAsync("Health", adminKey);
        Assert.Equal(4, health.Json.GetProperty("changeLog").GetProperty("headSequence").GetInt64());

        var edited = await api.CallAsync("ListChanges", adminKey, query: "?pageSize=3&source=federal-register&continuationToken=" + Uri.EscapeDataString(token!));
        Assert.Equal(400, edited.Status);
        Assert.Equal("application/problem+json", edited.MediaType);

        Assert.Equal(404, (await api.CallAsync("GetChange", adminKey, id: "chg_doesnotexist")).Status);
    }

    [Fact]
    public async Task Poll_exits_3_when_a_source_fails_and_still_records_the_others()
    {
        await using var fr = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var broken = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "oops", "text/plain", 500));
        var settings = FederalRegisterServer.Settings(fr.BaseUri);
        settings["Alerts:Sources:federal-register-public-inspection:BaseUrl"] = broken.BaseUri.ToString();
        await using var t = await TestServices.CreateAsync(settings);
        t.Get<Alerts.Core.Polling.PollService>(); // storage ready

        var (code, output, errors) = await Cli(t, ["poll", .. FederalRegisterSources]);

        Assert.Equal(AlertsCli.SourceFailed, code);
        var failure = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("failed", StringComparison.Ordinal));
        Assert.Contains("federal-register-public-inspection", failure, StringComparison.Ordinal);
        Assert.Contains("500", failure, StringComparison.Ordinal);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("poll", "--no-such-option")]
    [InlineData("no-such-command")]
    [InlineData("changes", "--from", "yesterday-ish")]
    [InlineData("changes", "--json", "--csv")]
    [InlineData("poll", "--source", "no-such-source")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        await using var t = await TestServices.CreateAsync();

        var (code, _, errors) = await Cli(t, args);

        Assert.Equal(AlertsCli.Usage, code);
        Assert.False(string.IsNullOrWhiteSpace(errors));
    }

    [Theory]
    [InlineData("Alerts:Sources:federal-register:BaseUrl", "not a url", "Alerts:Sources:federal-register:BaseUrl")]
    [InlineData("Alerts:Sources:federal-register:BaseUrl", "ftp://127.0.0.1", "Alerts:Sources:federal-register:BaseUrl")]
    [InlineData("Alerts:Sources:no-such-source:BaseUrl", "http://127.0.0.1:1", "Alerts:Sources:no-such-source")]
    [InlineData("Alerts:StoragePrefix", "Bad_Prefix!", "Alerts:StoragePrefix")]
    [InlineData("Alerts:TokenSigningKey", "short", "Alerts:TokenSigningKey")]
    public async Task A_wrong_setting_stops_start_up_with_a_message_naming_it(string key, string value, string named)
    {
        await using var t = await TestServices.CreateAsync();
        var settings = t.Settings.ToDictionary();
        settings[key] = value;
        using var stderr = new StringWriter();

        var code = await AlertsCli.RunAsync(["sources"], new StringWriter(), stderr, settings: settings);

        Assert.Equal(AlertsCli.Usage, code);
        Assert.Contains(named, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_exits_0_on_an_intact_log_and_1_naming_the_first_bad_entry()
    {
        await using var fr = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(fr.BaseUri));
        await Cli(t, ["poll", "--source", "federal-register"]);

        var intact = await Cli(t, "verify");
        var table = t.Get<AlertsStorage>().Table(StorageNames.Changes);
        var entity = (await table.GetEntityAsync<TableEntity>(ChangeLogStore.Partition, ChangeLogStore.EntryRow(2))).Value;
        entity["Body"] = entity.GetString("Body")!.Replace("\"added\"", "\"removed\"", StringComparison.Ordinal);
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
        var broken = await Cli(t, "verify");

        Assert.Equal(0, intact.Code);
        Assert.Contains("intact: 3 entries", intact.Out, StringComparison.Ordinal);
        Assert.Equal(1, broken.Code);
        Assert.Contains("sequence 2", broken.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_lists_as_csv_and_json_with_filters()
    {
        await using var fr = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(fr.BaseUri));
        await Cli(t, ["poll", .. FederalRegisterSources]);

        var csv = await Cli(t, "changes", "--csv", "--source", "federal-register");
        var json = await Cli(t, "changes", "--json", "--from", DateTime.UtcNow.ToString("yyyy-MM-dd"));
        var none = await Cli(t, "changes", "--json", "--to", "2001-01-01");

        var rows = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ChangeCsv.Header, rows[0].TrimEnd('\r'));
        Assert.Equal(4, rows.Length);
        Assert.Equal(4, json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", none.Out);
    }

    [Fact]
    public async Task Sources_lists_each_source_with_its_health()
    {
        await using var broken = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "oops", "text/plain", 500));
        await using var t = await TestServices.CreateAsync(new Dictionary<string, string?> { ["Alerts:Sources:federal-register:BaseUrl"] = broken.BaseUri.ToString() });
        await Cli(t, "poll", "--source", "federal-register");

        var (code, output, _) = await Cli(t, "sources", "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var fr = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "federal-register");
        Assert.Equal(1, fr.GetProperty("consecutiveFailures").GetInt32());
        Assert.Contains("500", fr.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}
