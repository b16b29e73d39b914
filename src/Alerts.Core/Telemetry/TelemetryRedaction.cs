using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Alerts.Core.Telemetry;

/// <summary>
/// Cuts URLs in spans and log records to their origin (scheme, host, port): a webhook URL's path is its secret (Slack,
/// Teams), and tokens ride in query strings (subscriber links, some feeds). Paths of the service's own routes stay in the
/// route template (<c>http.route</c>), which holds no values.
/// </summary>
public static partial class TelemetryRedaction
{
    private static readonly string[] UrlTags = ["url.full", "http.url", "url.original"];
    private static readonly string[] DroppedTags = ["url.query", "http.target", "url.path"];

    /// <summary>Rewrites the URL tags of <paramref name="activity"/> to the origin and drops query and path tags.</summary>
    public static void Redact(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var name in UrlTags)
        {
            if (activity.GetTagItem(name) is string url)
            {
                activity.SetTag(name, Origin(url));
            }
        }

        foreach (var name in DroppedTags)
        {
            if (activity.GetTagItem(name) is not null)
            {
                activity.SetTag(name, null);
            }
        }

        if (activity.DisplayName.Contains("://", StringComparison.Ordinal) || activity.DisplayName.Contains('?', StringComparison.Ordinal))
        {
            activity.DisplayName = Text(activity.DisplayName).Split('?')[0];
        }
    }

    /// <summary>Every URL in <paramref name="text"/> cut to its origin.</summary>
    public static string Text(string text) => Url().Replace(text, m => m.Groups["origin"].Value + "/[redacted]");

    /// <summary>The origin of <paramref name="url"/> (<c>https://host:port</c>); a string that is no absolute URL becomes "[redacted]".</summary>
    public static string Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.GetLeftPart(UriPartial.Authority) : "[redacted]";

    [GeneratedRegex(@"(?<origin>https?://[^/\s?#""'<>]+)[^\s""'<>]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    /// <summary>Redacts each span as it ends, before the exporters that follow it in the pipeline.</summary>
    public sealed class ActivityRedactor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => Redact(data);
    }

    /// <summary>Redacts URLs in a log record's message, body and attributes.</summary>
    public sealed class LogRedactor : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (data.FormattedMessage is { } message)
            {
                data.FormattedMessage = Text(message);
            }

            if (data.Body is { } body)
            {
                data.Body = Text(body);
            }

            if (data.Attributes is { Count: > 0 } attributes && attributes.Any(a => a.Value is string s && s.Contains("://", StringComparison.Ordinal)))
            {
                data.Attributes = [.. attributes.Select(a => a.Value is string s ? new KeyValuePair<string, object?>(a.Key, Text(s)) : a)];
            }
        }
    }
}
