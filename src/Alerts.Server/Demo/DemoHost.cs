using Alerts.Core.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Alerts.Server.Demo;

/// <summary>
/// <c>alerts serve --demo</c>: starts the world on 127.0.0.1, builds the self-host over it with <see cref="DemoSettings"/>,
/// clears the demo's storage prefix, seeds keys, a subscriber and a webhook endpoint, starts the service (its scheduler
/// polls every source at once: the baseline) and the script, and writes the guide.
/// </summary>
public static class DemoHost
{
    public static async Task<DemoSession> StartAsync(DemoStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!DemoSettings.IsLoopback(start.Url))
        {
            throw new DemoRefusedException($"--demo listens on this machine only: --urls must be an http address on 127.0.0.1 or localhost (got '{start.Url}').");
        }

        var folder = Path.GetFullPath(start.Folder);
        var sendGridKey = "SG.demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var world = await DemoWorld.StartAsync(start.ReplayFolder, Path.Combine(folder, "mailbox"), sendGridKey, start.Time, cancellationToken);
        try
        {
            var settings = new Dictionary<string, string?>(start.Settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in DemoSettings.For(world.Origin, start.Url.TrimEnd('/'), start.StoragePrefix, sendGridKey))
            {
                settings[k] = v;
            }

            var app = ServerApp.Build(
                ["--urls", start.Url],
                services =>
                {
                    services.AddSingleton(start.Time);
                    services.AddSingleton(world);
                    services.AddSingleton<DemoScript>();
                    services.AddHostedService(sp => sp.GetRequiredService<DemoScript>());
                    start.Configure?.Invoke(services);
                },
                settings: settings,
                map: endpoints => DemoPages.Map(endpoints, world));
            try
            {
                if (DemoSettings.RefuseStorage(app.Services.GetRequiredService<IOptions<AlertsOptions>>().Value) is { } refusal)
                {
                    throw new DemoRefusedException(refusal);
                }

                world.Mailbox.Clear();
                var storage = app.Services.GetRequiredService<AlertsStorage>();
                await storage.DeleteAllAsync(cancellationToken);
                await ServerApp.EnsureStorageAsync(app.Services, cancellationToken);
                var keys = await DemoSeeder.SeedAsync(app.Services, world, cancellationToken);
                await app.StartAsync(cancellationToken);
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? start.Url;
                return new DemoSession(app, world, keys, Guide(address.TrimEnd('/'), world, keys));
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the demo prints at start: where to look, the keys, and what happens when.</summary>
    public static string Guide(string baseUrl, DemoWorld world, DemoKeys keys)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(keys);
        var app = baseUrl + WebPages.BasePath;
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("Export-policy alerts: DEMO. Recorded documents replayed on this machine; nothing is sent to the internet.")
            .AppendLine($"  Sources:    {string.Join(", ", DemoSettings.Sources)} (replayed at {world.Origin}; every other source is off)")
            .AppendLine($"  Change log: {app}explorer.html   (paste the auditor key)")
            .AppendLine($"  Mailbox:    {baseUrl}{DemoPages.MailboxPath}   (e-mails to {DemoSettings.SubscriberEmail}; .eml files in {world.Mailbox.Folder})")
            .AppendLine($"  Webhooks:   {baseUrl}{DemoPages.WebhooksPath}   (what the team's receiver got, signature checked)")
            .AppendLine($"  Status:     {app}status.html   (admin key)    Team: {app}team.html   (team key)")
            .AppendLine($"  Admin key:   {keys.Admin}")
            .AppendLine($"  Auditor key: {keys.Auditor}")
            .AppendLine($"  Team key:    {keys.Team}")
            .AppendLine("  Now: every source is polled (the Federal Register and the feed record their documents; the Entity List its baseline).");
        foreach (var step in DemoScript.Steps)
        {
            text.AppendLine($"  +{DemoSettings.Clock(step.After)}: {step.What}.");
        }

        return text.Append("  The demo's data (its own tables and the mailbox) starts afresh at every start. Ctrl+C stops.").ToString();
    }
}
