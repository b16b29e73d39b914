using System.Net;
using System.Net.Http.Headers;
using Alerts.Core.Email;
using Alerts.Core.GitHub;
using Alerts.Core.Sources;
using Alerts.Core.Webhooks;
using Alerts.Server.Cli;
using Alerts.Server.Demo;
using Microsoft.Extensions.Configuration;
using StandardWebhooks;

namespace Alerts.Tests.Demo;

/// <summary>`alerts serve --demo`: the real self-host with its scheduler, queue pump and script, on Azurite, against the demo's own world on 127.0.0.1; the script's clock is a fake one.</summary>
public sealed class DemoTests
{
    private const string CetcId = "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be";
    private const string CetcName = "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)";

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "alerts-demo-" + Guid.NewGuid().ToString("N")[..12]);

    private static DemoStart Start(string folder, FakeTimeProvider? clock = null, Dictionary<string, string?>? settings = null) => new()
    {
        Url = "http://127.0.0.1:0",
        Folder = folder,
        StoragePrefix = "d" + Guid.NewGuid().ToString("N")[..12],
        Time = clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow),
        Settings = settings ?? new Dictionary<string, string?> { ["Alerts:StorageConnectionString"] = Azurite.ConnectionString },
    };

    /// <summary>
    /// Waits for something the service's background work makes true, failing after a deadline. This polls on purpose: the
    /// demo is the real self-host, whose queue pump idles on real time between empty reads (QueuePump), and neither it nor
    /// the demo's world signals when a message is handled; what is polled is what a user of the demo would look at.
    /// </summary>
    private static async Task<T> Until<T>(Func<Task<T?>> probe, string what, int seconds = 60)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement?> FindChangeAsync((ApiClient Api, string Key) auditor, string source, string itemKey)
    {
        var list = await auditor.Api.CallAsync("ListChanges", auditor.Key, query: $"?source={source}&pageSize=100");
        Assert.True(list.Status == 200, list.Body);
        foreach (var c in list.Json.GetProperty("items").EnumerateArray())
        {
            if (c.GetProperty("itemKey").GetString() == itemKey)
            {
                return c.Clone();
            }
        }

        return null;
    }

    [Fact]
    public async Task The_demo_records_the_scripted_changes_mails_them_as_eml_files_and_delivers_signed_webhooks()
    {
        await Azurite.EnsureRunningAsync();
        var folder = TempFolder();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var demo = await DemoHost.StartAsync(Start(folder, clock));
        var baseUri = new Uri(demo.App.Urls.First().TrimEnd('/') + "/");
        using var http = new HttpClient { BaseAddress = baseUri };
        var auditor = (ApiClient.Over(http), demo.Keys.Auditor); // the demo's own server: its API through the one client
        Assert.Contains(demo.Keys.Admin, demo.Guide, StringComparison.Ordinal);
        Assert.Contains(demo.Keys.Auditor, demo.Guide, StringComparison.Ordinal);
        Assert.Contains(baseUri + "demo/mailbox", demo.Guide, StringComparison.Ordinal);

        // Every address the running service was configured with is on this machine.
        Assert.All(demo.App.Services.GetRequiredService<SourceCatalog>().All, s => Assert.True(DemoSettings.IsLoopback(s.EffectiveBaseUrl), $"{s.Id}: {s.EffectiveBaseUrl}"));
        Assert.True(DemoSettings.IsLoopback(demo.App.Services.GetRequiredService<IOptions<SendGridOptions>>().Value.BaseUrl));

        // The baseline: every source polled once by the scheduler at start; the Entity List records nothing, the left-out entries are not there.
        var script = demo.App.Services.GetRequiredService<DemoScript>();
        await Until(async () => await script.BaselineRecordedAsync() ? "" : null, "the baseline polls");
        Assert.Null(await FindChangeAsync(auditor, "csl-entity-list", CetcId));
        Assert.Null(await FindChangeAsync(auditor, "federal-register", "2025-00636"));
        Assert.NotNull(await FindChangeAsync(auditor, "federal-register", "2024-28267"));
        Assert.Equal(0, demo.World.Replay.Stage);

        clock.Advance(DemoScript.Steps[0].After);
        var rule = await Until(() => FindChangeAsync(auditor, "federal-register", "2025-00636").ContinueWith(t => t.Result is { } c ? (object)c : null), "the new Federal Register rule");
        Assert.Equal(1, demo.World.Replay.Stage);

        clock.Advance(DemoScript.Steps[1].After - DemoScript.Steps[0].After);
        var entry = (JsonElement)await Until(() => FindChangeAsync(auditor, "csl-entity-list", CetcId).ContinueWith(t => t.Result is { } c ? (object)c : null), "the new Entity List entry");
        Assert.Equal("added", entry.GetProperty("changeType").GetString());
        Assert.StartsWith(CetcName, entry.GetProperty("title").GetString(), StringComparison.Ordinal);
        var entryId = entry.GetProperty("id").GetString()!;
        Assert.Equal("2025-00636", ((JsonElement)rule).GetProperty("itemKey").GetString());

        // The alert e-mail: caught by the local SendGrid, kept as an .eml file naming the entry, listed on the mailbox page.
        var mail = await Until(() => Task.FromResult(demo.World.Mailbox.Messages.FirstOrDefault(m => m.Text.Contains(CetcName, StringComparison.Ordinal))), "the alert e-mail");
        Assert.Equal(DemoSettings.SubscriberEmail, mail.To);
        var eml = await File.ReadAllTextAsync(Path.Combine(folder, "mailbox", mail.FileName));
        Assert.Contains("To: " + DemoSettings.SubscriberEmail, eml, StringComparison.Ordinal);
        Assert.Contains(CetcName, eml, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html", eml, StringComparison.Ordinal);

        // The webhook: signed with the endpoint's secret, which the independent StandardWebhooks library verifies too.
        var hook = await Until(() => Task.FromResult(demo.World.Receiver.Received.FirstOrDefault(w => w.ChangeId == entryId)), "the signed webhook");
        Assert.True(hook.Verified, hook.Verdict);
        Assert.Equal("policy.change", hook.Type);
        Assert.StartsWith(CetcName, hook.Title, StringComparison.Ordinal);
        var headers = new HeaderDictionary { ["webhook-id"] = hook.MessageId, ["webhook-timestamp"] = hook.Timestamp, ["webhook-signature"] = hook.Signature };
        new StandardWebhook(demo.World.Receiver.Secret!).Verify(hook.Body, headers);
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(WebhookSigner.NewSecret()).Verify(hook.Body, headers));

        // The pages: the mailbox and the webhooks, text as text, with a Content-Security-Policy; the .eml file downloadable by its name only.
        using var browser = new HttpClient { BaseAddress = baseUri };
        using var mailbox = await browser.GetAsync("demo/mailbox");
        var mailboxHtml = await mailbox.Content.ReadAsStringAsync();
        Assert.Contains("default-src 'none'", mailbox.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains(mail.FileName, mailboxHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", mailboxHtml, StringComparison.OrdinalIgnoreCase);
        using var file = await browser.GetAsync("demo/mailbox/" + mail.FileName);
        Assert.Equal("message/rfc822", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("demo/mailbox/..%2Fmailbox%2F" + mail.FileName)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("demo/mailbox/0001-00000000.eml")).StatusCode);

        const string hostile = "<img src=x onerror=alert(1)>";
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "policy.change", data = new { id = "chg_hostile", title = hostile } }));
        var ts = clock.GetUtcNow().ToUnixTimeSeconds();
        using (var forged = new HttpRequestMessage(HttpMethod.Post, demo.World.ReceiverUrl) { Content = new ByteArrayContent(body) })
        {
            forged.Headers.Add("webhook-id", "msg_forged");
            forged.Headers.Add("webhook-timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            forged.Headers.Add("webhook-signature", WebhookSigner.Sign("msg_forged", ts, body, [WebhookSigner.NewSecret()]));
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(forged)).StatusCode);
        }

        using (var signed = new HttpRequestMessage(HttpMethod.Post, demo.World.ReceiverUrl) { Content = new ByteArrayContent(body) })
        {
            signed.Headers.Add("webhook-id", "msg_signed");
            signed.Headers.Add("webhook-timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            signed.Headers.Add("webhook-signature", WebhookSigner.Sign("msg_signed", ts, body, [demo.World.Receiver.Secret!]));
            Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(signed)).StatusCode);
        }

        Assert.False(demo.World.Receiver.Received.Single(w => w.MessageId == "msg_forged").Verified);
        var webhooksHtml = await browser.GetStringAsync("demo/webhooks");
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", webhooksHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(hostile, webhooksHtml, StringComparison.Ordinal);
        Assert.Contains("no signature matches", webhooksHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_settings_point_every_source_sendgrid_and_github_at_this_machine_and_turn_the_other_sources_off()
    {
        var settings = DemoSettings.For("http://127.0.0.1:40123", "http://127.0.0.1:7071", "demo", "SG.key");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new AlertsOptions();
        SettingsBinding.Bind(configuration.GetSection(AlertsOptions.SectionName), options, AlertsOptions.SectionName);
        var sendGrid = new SendGridOptions();
        SettingsBinding.Bind(configuration.GetSection(SendGridOptions.SectionName), sendGrid, SendGridOptions.SectionName);
        var gitHub = new GitHubOptions();
        SettingsBinding.Bind(configuration.GetSection(GitHubOptions.SectionName), gitHub, GitHubOptions.SectionName);

        var catalog = new SourceCatalog(Options.Create(options));

        Assert.True(catalog.All.Count > DemoSettings.Sources.Count);
        Assert.All(catalog.All, s => Assert.Equal("http://127.0.0.1:40123", s.EffectiveBaseUrl));
        Assert.Equal(DemoSettings.Sources.Order(StringComparer.Ordinal), catalog.All.Where(s => s.Enabled).Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.True(sendGrid.Enabled);
        Assert.Equal("http://127.0.0.1:40123", sendGrid.BaseUrl);
        Assert.Equal("http://127.0.0.1:40123", gitHub.BaseUrl);
        Assert.Equal("127.0.0.1/32", settings["Alerts:Webhooks:AllowedNetworks"]);
        foreach (var (key, value) in settings)
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal))
            {
                Assert.True(DemoSettings.IsLoopback(value), $"{key} = {value}");
            }
        }

        Assert.False(DemoSettings.IsLoopback("http://0.0.0.0:7071"));
        Assert.False(DemoSettings.IsLoopback("http://example.org"));
    }

    [Fact]
    public async Task The_demo_refuses_an_outside_address_or_remote_storage_with_a_reason_and_changes_nothing()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AlertsCli.RunAsync(["serve", "--demo", "--urls", "http://0.0.0.0:7071"], stdout, stderr);
        Assert.Equal(AlertsCli.Usage, code);
        Assert.Contains("--demo listens on this machine only", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());

        var folder = TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "mailbox"));
        var kept = Path.Combine(folder, "mailbox", "0001-0123abcd.eml");
        await File.WriteAllTextAsync(kept, "an earlier run's message");
        var remote = new Dictionary<string, string?>
        {
            ["Alerts:StorageConnectionString"] = "DefaultEndpointsProtocol=https;AccountName=example;AccountKey=" + Convert.ToBase64String(new byte[32]) + ";EndpointSuffix=core.windows.net",
        };

        var refused = await Assert.ThrowsAsync<DemoRefusedException>(() => DemoHost.StartAsync(Start(folder, settings: remote)));

        Assert.Contains("local storage emulator only", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(kept));
    }

    [Fact]
    public async Task The_local_sendgrid_refuses_a_wrong_key_or_a_bad_message_and_writes_nothing()
    {
        var folder = TempFolder();
        await using var world = await DemoWorld.StartAsync(DemoReplay.DefaultFolder, folder, "SG.right", TimeProvider.System);
        using var http = new HttpClient();
        var good = """{"from":{"email":"a@example.org"},"subject":"Hi","personalizations":[{"to":[{"email":"b@example.org"}],"substitutions":{"-name-":"Bea"}}],"content":[""" +
            """{"type":"text/plain","value":"Hello -name-"}]}""";

        async Task<HttpStatusCode> Send(string key, string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, world.Origin + DemoMailbox.SendPath) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Send("SG.wrong", good));
        Assert.Equal(HttpStatusCode.BadRequest, await Send("SG.right", "{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, await Send("SG.right", good.Replace("b@example.org", "not an address", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, await Send("SG.right", good.Replace("\"personalizations\":[{", "\"x\":[{", StringComparison.Ordinal)));
        Assert.Empty(world.Mailbox.Messages);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any());

        Assert.Equal(HttpStatusCode.Accepted, await Send("SG.right", good));
        var mail = Assert.Single(world.Mailbox.Messages);
        Assert.Equal("Hello Bea", mail.Text);
        Assert.Contains("Hello Bea", await File.ReadAllTextAsync(Path.Combine(folder, mail.FileName)), StringComparison.Ordinal);
    }
}
