using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Alerts.Core.Web;

namespace Alerts.Server.Demo;

/// <summary>
/// The demo's two pages on the self-host, mapped in demo mode only: <c>/demo/mailbox</c> (the e-mails SendGrid would have
/// sent, as text, each with its .eml file) and <c>/demo/webhooks</c> (what the team's receiver got and whether the
/// signature verified). Rendered on the server with every value HTML-encoded (titles and texts come from the sources),
/// no script, the web pages' stylesheet and Content-Security-Policy; they reload every 10 seconds.
/// </summary>
public static partial class DemoPages
{
    public const string MailboxPath = "/demo/mailbox";
    public const string WebhooksPath = "/demo/webhooks";

    public static void Map(IEndpointRouteBuilder app, DemoWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        app.MapGet("/demo", () => Results.Redirect(MailboxPath));
        app.MapGet(MailboxPath, (HttpContext context) => Page(context, "Mailbox", Mailbox(world.Mailbox)));
        app.MapGet(MailboxPath + "/{file}", (string file, HttpContext context) => Eml(context, world.Mailbox, file));
        app.MapGet(WebhooksPath, (HttpContext context) => Page(context, "Webhooks received", Webhooks(world.Receiver)));
    }

    private static string Mailbox(DemoMailbox mailbox)
    {
        var messages = mailbox.Messages;
        var html = new StringBuilder();
        html.Append("<p>What SendGrid would have delivered: each message is also an .eml file in <code>")
            .Append(E(mailbox.Folder)).Append("</code> (open it in any mail program). ")
            .Append(messages.Count.ToString(CultureInfo.InvariantCulture)).Append(" message(s).</p>");
        foreach (var m in messages)
        {
            html.Append("<article><h2>").Append(E(m.Subject)).Append("</h2><p>")
                .Append(E(m.ReceivedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
                .Append(" · from ").Append(E(m.From)).Append(" · to ").Append(E(m.To))
                .Append(" · <a href=\"").Append(E(MailboxPath + "/" + Uri.EscapeDataString(m.FileName))).Append("\" download>")
                .Append(E(m.FileName)).Append("</a></p><details><summary>Text</summary><pre>").Append(E(m.Text)).Append("</pre></details></article>");
        }

        return html.ToString();
    }

    private static string Webhooks(DemoWebhookReceiver receiver)
    {
        var received = receiver.Received;
        var html = new StringBuilder();
        html.Append("<p>What the team's webhook receiver got. It checks each Standard Webhooks signature with the endpoint's secret and answers 204, or 401 when it does not verify. ")
            .Append(received.Count.ToString(CultureInfo.InvariantCulture)).Append(" request(s).</p>");
        foreach (var w in received)
        {
            html.Append("<article><h2>").Append(E(w.Title ?? w.Type ?? "(no title)")).Append("</h2><p>")
                .Append(E(w.ReceivedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
                .Append(" · <strong>").Append(w.Verified ? "✓ " : "✗ ").Append(E(w.Verdict)).Append("</strong>")
                .Append(" · type ").Append(E(w.Type ?? "?"))
                .Append(" · webhook-id ").Append(E(w.MessageId ?? "?"))
                .Append(w.ChangeId is { } id ? " · change " + E(id) : "")
                .Append("</p><details><summary>Body</summary><pre>").Append(E(w.Body)).Append("</pre></details></article>");
        }

        return html.ToString();
    }

    private static IResult Page(HttpContext context, string title, string body)
    {
        Secure(context.Response);
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta http-equiv=\"refresh\" content=\"10\"><title>").Append(E(title)).Append(" · export-policy alerts demo</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(WebPages.BasePath).Append("app.css\"></head><body><main>")
            .Append("<nav><a href=\"").Append(WebPages.BasePath).Append("explorer.html\">Change log</a> · <a href=\"").Append(MailboxPath)
            .Append("\">Mailbox</a> · <a href=\"").Append(WebhooksPath).Append("\">Webhooks</a> · <a href=\"").Append(WebPages.BasePath)
            .Append("status.html\">Status</a></nav><h1>").Append(E(title)).Append("</h1>")
            .Append(body)
            .Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static IResult Eml(HttpContext context, DemoMailbox mailbox, string file)
    {
        Secure(context.Response);
        if (!EmlName().IsMatch(file) || mailbox.Find(file) is null || !File.Exists(Path.Combine(mailbox.Folder, file)))
        {
            return Results.Text("No such message.", "text/plain; charset=utf-8", statusCode: 404);
        }

        return Results.File(Path.Combine(mailbox.Folder, file), "message/rfc822", file);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-store";
    }

    private static string E(string value) => HtmlEncoder.Default.Encode(value);

    [GeneratedRegex("^[0-9]{4,}-[0-9a-f]{8}\\.eml$")]
    private static partial Regex EmlName();
}
