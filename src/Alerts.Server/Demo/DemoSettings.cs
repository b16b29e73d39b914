using System.Net;
using Alerts.Core.Sources;
using Microsoft.Extensions.Options;

namespace Alerts.Server.Demo;

/// <summary>
/// The configuration of demo mode, laid over the user's (it wins over appsettings, environment and user secrets): every
/// catalog source's origin is the demo's world on 127.0.0.1 and every source but the three the demo replays is off; SendGrid
/// and GitHub point at the world too; anchoring is off; webhooks may use http to 127.0.0.1/32 only (through the SSRF
/// guard's allowed networks, nowhere else); polls are due every minute; a signing key is made for this run.
/// </summary>
public static class DemoSettings
{
    /// <summary>The sources the demo replays.</summary>
    public static readonly IReadOnlyList<string> Sources = ["federal-register", "csl-entity-list", "ustr-press"];

    public const string TeamId = "demo-team";
    public const string SubscriberEmail = "newcomer@example.org";
    public const string SenderEmail = "alerts@example.org";

    public static Dictionary<string, string?> For(string worldOrigin, string publicBaseUrl, string storagePrefix, string sendGridKey)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Alerts:StoragePrefix"] = storagePrefix,
            ["Alerts:CatalogPath"] = "",
            ["Alerts:PublicBaseUrl"] = publicBaseUrl,
            ["Alerts:TokenSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)),
            ["Alerts:PreviousTokenSigningKey"] = "",
            ["Alerts:SendGrid:Enabled"] = "true",
            ["Alerts:SendGrid:BaseUrl"] = worldOrigin,
            ["Alerts:SendGrid:ApiKey"] = sendGridKey,
            ["Alerts:SendGrid:From"] = SenderEmail,
            ["Alerts:SendGrid:FromName"] = "Export-policy alerts (demo)",
            ["Alerts:SendGrid:EventWebhookPublicKey"] = "",
            ["Alerts:GitHub:BaseUrl"] = worldOrigin,
            ["Alerts:GitHub:Token"] = "",
            ["Alerts:Anchoring:Repository"] = "",
            ["Alerts:Webhooks:AllowHttp"] = "true",
            ["Alerts:Webhooks:AllowedNetworks"] = "127.0.0.1/32",
            // The guide and the script's steps stay readable: the service's own logs from warnings up.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Alerts.Server.Demo"] = "Information",
        };
        foreach (var source in new SourceCatalog(Options.Create(new AlertsOptions())).All)
        {
            var on = Sources.Contains(source.Id, StringComparer.Ordinal);
            settings[$"Alerts:Sources:{source.Id}:BaseUrl"] = worldOrigin;
            settings[$"Alerts:Sources:{source.Id}:Enabled"] = on ? "true" : "false";
            if (on)
            {
                settings[$"Alerts:Sources:{source.Id}:IntervalMinutes"] = "1";
            }
        }

        // The replay serves the screening list's CSV bulk file.
        settings["Alerts:Sources:csl-entity-list:Settings:format"] = "csv";
        return settings;
    }

    /// <summary>
    /// Null when <paramref name="options"/> name the local storage emulator (Azurite: UseDevelopmentStorage=true, or
    /// endpoints on a loopback address); otherwise why the demo refuses to run (it clears its own tables at start).
    /// </summary>
    public static string? RefuseStorage(AlertsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string why = "--demo runs on the local storage emulator only (it deletes and recreates its own tables at start)";
        if (!string.IsNullOrWhiteSpace(options.StorageAccountName))
        {
            return $"{why}: unset Alerts:StorageAccountName.";
        }

        var parts = options.StorageConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            return null;
        }

        var endpoints = parts.Where(p => p.Key.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).ToList();
        return endpoints.Count > 0 && endpoints.All(IsLoopback)
            ? null
            : $"{why}: Alerts:StorageConnectionString must be UseDevelopmentStorage=true or name endpoints on 127.0.0.1.";
    }

    /// <summary>True for an absolute http(s) URL whose host is a loopback address or localhost.</summary>
    public static bool IsLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    /// <summary>The delay of a step as the guide prints it (m:ss).</summary>
    public static string Clock(TimeSpan delay) => delay.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
