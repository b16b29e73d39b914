using Alerts.Core.Access;
using Alerts.Core.Email;
using Alerts.Server.Hosting;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Playwright;

namespace Alerts.Tests.Web;

/// <summary>
/// `alerts serve` (ServerApp on 127.0.0.1:0) on Azurite with e-mail on and SendGrid played by a LocalServer, and Debian's
/// Chromium driven by Playwright. The browser may reach 127.0.0.1 only: every other request is aborted and recorded.
/// </summary>
public sealed class WebKit : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string AdminKey = "web-tests-bootstrap-admin-key-0123456789";

    private WebKit(TestWorld world, IPlaywright playwright, IBrowser browser)
    {
        World = world;
        Playwright = playwright;
        Browser = browser;
    }

    public TestWorld World { get; }

    public TestServices Services => World.Services;

    public LocalServer SendGrid => World.SendGrid.Server;

    public WebApplication App => World.App;

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    public WatchedClock Clock => World.Clock;

    public Uri BaseUri => World.BaseUri;

    /// <summary>Mail/send bodies SendGrid received.</summary>
    public IEnumerable<JsonElement> Mails => World.SendGrid.Mails.Select(m => m.Json);

    /// <summary>Requests the browser tried to send anywhere but 127.0.0.1 (aborted).</summary>
    public ConcurrentQueue<string> Escaped { get; } = new();

    /// <param name="settings">Extra settings over the kit's own (for example anchoring to a local GitHub).</param>
    public static async Task<WebKit> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"The browser tests need Debian's Chromium at {Chromium}: install it with `apt-get install -y chromium` (.ci/run does).");
        }

        var world = await TestWorld.StartAsync(new WorldOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Alerts:Keys:BootstrapAdminKey"] = AdminKey,
                ["Alerts:Webhooks:AllowHttp"] = "true",
                ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32",
            }.Overlay(settings),
            Start = new DateTimeOffset(2026, 9, 7, 9, 0, 0, TimeSpan.Zero),
            SendGridFor = "https://alerts.example.org",
        });
        // CI runs the suite on two busy cores: the first requests of a page can take longer than Playwright's
        // 5-second default, and a timed-out wait fails a test that is right. The waits still end when the page is ready.
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        });
        return new WebKit(world, playwright, browser);
    }

    /// <summary>A fresh browser context (its own sessionStorage) and page; dialogs are recorded and dismissed.</summary>
    public async Task<(IPage Page, List<string> Dialogs)> NewPageAsync(int width = 1280, int height = 900, string timeZone = "Europe/Amsterdam")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZone,
            AcceptDownloads = true,
            BaseURL = BaseUri.ToString(),
        });
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url) is { Host: "127.0.0.1" }
                || route.Request.Url.StartsWith("blob:", StringComparison.Ordinal)
                || route.Request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                Escaped.Enqueue(route.Request.Url);
                await route.AbortAsync();
            }
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add(dialog.Type + ": " + dialog.Message);
            }

            await dialog.DismissAsync();
        };
        return (page, dialogs);
    }

    /// <summary>Appends a change through the real store at the fake clock's time.</summary>
    public Task<AppendResult> AppendAsync(ChangeRecord draft) => App.Services.GetRequiredService<ChangeLogStore>().AppendAsync(draft);

    public static ChangeRecord Draft(
        string key, string title, string jurisdiction = "US", Severity severity = Severity.High, string topic = "entity-list", IReadOnlyList<FieldChange>? diff = null, string? story = null) => new()
    {
        Id = ChangeRecord.NewId("web-test", key, null, "v1"),
        SourceId = "web-test",
        ItemKey = key,
        ChangeType = diff is null ? ChangeType.Added : ChangeType.Modified,
        Title = title,
        ContentVersion = "v1",
        Topics = [topic],
        Severity = severity,
        Jurisdiction = jurisdiction,
        StoryId = story,
        Diff = diff ?? [new FieldChange("title", null, title)],
    };

    /// <summary>Creates a team key through the real key store and registers one webhook of that team through the API.</summary>
    public async Task<(string TeamKey, string WebhookId)> TeamWithWebhookAsync(Uri receiver)
    {
        var created = await App.Services.GetRequiredService<ApiKeyStore>().CreateAsync(new NewApiKey("web tests", Roles.Team, "team-web"));
        var reply = await World.Api.CallAsync("CreateWebhook", created.Secret, new { url = new Uri(receiver, "hook").ToString(), description = "release desk" });
        Assert.True(reply.Status == 201, reply.Body);
        return (created.Secret, reply.Json.GetProperty("id").GetString()!);
    }

    /// <summary>Where screenshots go: the test output folder, kept with the test results.</summary>
    /// <summary>An active subscriber (ana@example.org) to entity-list changes and the manage token of their preferences page.</summary>
    public async Task<string> SubscriberTokenAsync()
    {
        var subscriber = new Subscriber
        {
            Id = SubscriberStore.NewId(),
            Email = "ana@example.org",
            State = SubscriberState.Active,
            Preferences = new SubscriptionPreferences { Topics = ["entity-list"] },
            CreatedAt = Clock.GetUtcNow(),
        };
        Assert.True(await App.Services.GetRequiredService<SubscriberStore>().TryAddAsync(subscriber));
        return App.Services.GetRequiredService<SubscriberTokens>().Manage(subscriber.Id, TimeSpan.FromDays(7));
    }

    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    /// <summary>Saves a screenshot of the page as it is and asserts no serious or critical axe finding and no sideways scrolling.</summary>
    public static async Task CheckPageAsync(IPage page, string name)
    {
        var width = page.ViewportSize?.Width ?? 0;
        var shot = ScreenshotPath($"{name}-{width}");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 1000, shot);

        var axe = await page.RunAxe();
        var bad = axe.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(bad.Count == 0, $"{name} at {width} px: {string.Join("; ", bad)}");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} at {width} px scrolls sideways by {overflow} px");
    }

    /// <summary>Types the key into the page's key form (kept in sessionStorage of this context).</summary>
    public static async Task EnterKeyAsync(IPage page, string key)
    {
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("API key")).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await World.DisposeAsync();
    }
}
