using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Web;

namespace Alerts.Core.Email;

/// <summary>
/// Writes alert, digest and confirmation e-mails. Everything that comes from a source is HTML-encoded in the HTML part, stripped
/// of control characters in the text part, and a single line without CR/LF in the subject; only http(s) links become links.
/// </summary>
public sealed class EmailRenderer(IOptions<AlertsOptions> options)
{
    private const int MaxDiffFields = 12;
    private const int MaxValueChars = 280;

    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    public string UnsubscribeLink(string token) => Base + "/api/subscriptions/unsubscribe?token=" + Uri.EscapeDataString(token);

    /// <summary>The preferences page (change, unsubscribe, delete); the token is in the fragment, which browsers never send to a server.</summary>
    public string PreferencesLink(string token) => Base + WebPages.BasePath + "preferences.html#token=" + Uri.EscapeDataString(token);

    public string ConfirmLink(string token) => Base + "/api/subscriptions/confirm?token=" + Uri.EscapeDataString(token);

    public EmailContent Alert(ChangeRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var why = MatchAlert.IsId(c.Id)
            ? "You receive this alert because an entry of a watchlist you keep matched this change."
            : "You receive this alert because you subscribed to export-policy alerts.";
        var subject = HeaderValue($"[{c.Severity.ToWire().ToUpperInvariant()}] {c.Title}", 200);
        var html = new StringBuilder();
        var text = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        AppendChange(c, html, text, headingLevel: 1);
        var links = Footer(html, text, why);
        return new EmailContent(subject, html.ToString(), text.ToString(), links);
    }

    public EmailContent Digest(IReadOnlyList<ChangeRecord> changes, string period)
    {
        var groups = GroupByStory(changes);
        var subject = HeaderValue($"Export-policy digest {period}: {changes.Count} change{(changes.Count == 1 ? "" : "s")}", 200);
        var html = new StringBuilder();
        var text = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append("<h1>").Append(H(subject)).Append("</h1>");
        text.Append(subject).Append("\n\n");
        foreach (var g in groups)
        {
            html.Append("<section style=\"border-top:1px solid #ccc;margin-top:1em\">");
            text.Append("==== ").Append(T(g[0].Title)).Append(g.Count > 1 ? $" ({g.Count} updates)" : "").Append(" ====\n");
            foreach (var c in g)
            {
                AppendChange(c, html, text, headingLevel: 2);
            }

            html.Append("</section>");
        }

        var links = Footer(html, text, "You receive this digest because you subscribed to export-policy alerts.");
        return new EmailContent(subject, html.ToString(), text.ToString(), links);
    }

    /// <summary>Groups by story (a change without one is its own story): most severe group first, then newest; each group in chain order.</summary>
    public static List<List<ChangeRecord>> GroupByStory(IEnumerable<ChangeRecord> changes) =>
        [.. changes.GroupBy(c => c.StoryId ?? c.Id)
            .Select(g => g.OrderBy(c => c.Sequence).ToList())
            .OrderByDescending(g => g.Max(c => c.Severity))
            .ThenByDescending(g => g.Max(c => c.Sequence))];

    public EmailContent Confirmation(string confirmUrl, TimeSpan validFor) => new(
        "Confirm your export-policy alerts subscription",
        "<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>Someone (hopefully you) asked to receive export-policy alerts at this address.</p>"
        + $"<p><a href=\"{H(confirmUrl)}\">Confirm the subscription</a> (the link is valid for {(int)validFor.TotalHours} hours).</p>"
        + "<p>If it was not you, ignore this e-mail: nothing will be sent.</p></body></html>",
        $"Someone (hopefully you) asked to receive export-policy alerts at this address.\n\nConfirm the subscription: {confirmUrl}\n"
        + $"(valid for {(int)validFor.TotalHours} hours)\n\nIf it was not you, ignore this e-mail: nothing will be sent.\n");

    public EmailContent AlreadySubscribed(string preferencesUrl) => new(
        "Your export-policy alerts subscription",
        $"<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>This address is already subscribed to export-policy alerts.</p>"
        + $"<p><a href=\"{H(preferencesUrl)}\">Change your preferences</a>.</p></body></html>",
        $"This address is already subscribed to export-policy alerts.\n\nChange your preferences: {preferencesUrl}\n");

    private void AppendChange(ChangeRecord c, StringBuilder html, StringBuilder text, int headingLevel)
    {
        var h = headingLevel.ToString(CultureInfo.InvariantCulture);
        html.Append("<h").Append(h).Append('>').Append(H(c.Title)).Append("</h").Append(h).Append('>');
        html.Append("<p><strong>").Append(H(c.Severity.ToWire().ToUpperInvariant())).Append("</strong> &middot; ")
            .Append(H(c.Jurisdiction)).Append(" &middot; source ").Append(H(c.SourceId)).Append(" &middot; ").Append(H(c.ChangeType.ToWire())).Append("</p>");
        text.Append(T(c.Title)).Append('\n')
            .Append("Severity: ").Append(T(c.Severity.ToWire())).Append(" | Jurisdiction: ").Append(T(c.Jurisdiction))
            .Append(" | Source: ").Append(T(c.SourceId)).Append(" | ").Append(T(c.ChangeType.ToWire())).Append('\n');
        if (c.Summary is { Length: > 0 } summary)
        {
            html.Append("<p>").Append(H(Shorten(summary, 600))).Append("</p>");
            text.Append(T(Shorten(summary, 600))).Append('\n');
        }

        if (c.Diff.Count > 0)
        {
            html.Append("<h").Append(headingLevel + 1).Append(">What changed</h").Append(headingLevel + 1).Append("><ul>");
            text.Append("\nWhat changed:\n");
            foreach (var d in c.Diff.Take(MaxDiffFields))
            {
                var line = d switch
                {
                    { Before: null } => $"{d.Field}: added \"{Shorten(d.After ?? "", MaxValueChars)}\"",
                    { After: null } => $"{d.Field}: removed \"{Shorten(d.Before, MaxValueChars)}\"",
                    _ => $"{d.Field}: \"{Shorten(d.Before, MaxValueChars)}\" -> \"{Shorten(d.After, MaxValueChars)}\"",
                };
                html.Append("<li>").Append(H(line)).Append("</li>");
                text.Append("- ").Append(T(line)).Append('\n');
            }

            if (c.Diff.Count > MaxDiffFields)
            {
                html.Append("<li>and ").Append(c.Diff.Count - MaxDiffFields).Append(" more fields</li>");
                text.Append("- and ").Append(c.Diff.Count - MaxDiffFields).Append(" more fields\n");
            }

            html.Append("</ul>");
        }

        if (c.Matched.Count > 0 || c.Topics.Count > 0)
        {
            var why = $"Matched {string.Join(", ", c.Matched.Take(20))}" + (c.Topics.Count > 0 ? $" (topics: {string.Join(", ", c.Topics)})" : "");
            html.Append("<p><em>Why it matters:</em> ").Append(H(why)).Append("</p>");
            text.Append("Why it matters: ").Append(T(why)).Append('\n');
        }

        if (SafeLink(c.Url) is { } url)
        {
            html.Append("<p><a href=\"").Append(H(url)).Append("\">Read the official document</a></p>");
            text.Append("Official document: ").Append(url).Append('\n');
        }

        // A reminder or a watchlist match links the change of the log it is about (its own id is no change of the log).
        var changeId = DeliveryChanges.LoggedChangeId(c);
        var changeUrl = Base + "/api/changes/" + Uri.EscapeDataString(changeId);
        html.Append("<p style=\"color:#666;font-size:small\">Change <a href=\"").Append(H(changeUrl)).Append("\">").Append(H(changeId))
            .Append("</a>, chain position #").Append(c.Sequence.ToString(CultureInfo.InvariantCulture)).Append("</p>");
        text.Append("Change ").Append(changeId).Append(", chain position #").Append(c.Sequence.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(changeUrl).Append("\n\n");
    }

    /// <summary>Ends the message with the per-recipient links, written as this message's own fresh substitution tags.</summary>
    private static EmailLinkTags Footer(StringBuilder html, StringBuilder text, string why)
    {
        var links = EmailLinkTags.New();
        html.Append("<hr><p style=\"color:#666;font-size:small\">").Append(H(why))
            .Append(" <a href=\"").Append(links.Unsubscribe).Append("\">Unsubscribe</a> &middot; <a href=\"").Append(links.Preferences).Append("\">Change preferences</a></p></body></html>");
        text.Append("--\n").Append(why).Append("\nUnsubscribe: ").Append(links.Unsubscribe).Append("\nChange preferences: ").Append(links.Preferences).Append('\n');
        return links;
    }

    /// <summary>HTML-encodes text for element content and attribute values.</summary>
    public static string H(string? s) => WebUtility.HtmlEncode(T(s));

    /// <summary>Plain text: control characters other than newline and tab removed.</summary>
    public static string T(string? s) => new((s ?? "").Where(ch => ch is '\n' or '\t' || !char.IsControl(ch)).ToArray());

    /// <summary>A header value: one line, control characters (CR, LF, ...) replaced by spaces, shortened.</summary>
    public static string HeaderValue(string? s, int max = 200)
    {
        var one = new string((s ?? "").Select(ch => char.IsControl(ch) || ch is '\u2028' or '\u2029' ? ' ' : ch).ToArray());
        while (one.Contains("  ", StringComparison.Ordinal))
        {
            one = one.Replace("  ", " ", StringComparison.Ordinal);
        }

        return Shorten(one.Trim(), max);
    }

    public static string Shorten(string? s, int max)
    {
        s ??= "";
        return s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");
    }

    /// <summary>Only absolute http and https URLs become links.</summary>
    public static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u.AbsoluteUri : null;
}
