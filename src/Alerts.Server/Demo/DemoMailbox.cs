using System.Net.Mail;
using System.Net.Mime;

namespace Alerts.Server.Demo;

/// <summary>
/// SendGrid's v3 Mail Send endpoint played locally (<c>POST /v3/mail/send</c>, as SendGrid documents it: a bearer API key,
/// a JSON body with <c>personalizations</c>, <c>from</c>, <c>subject</c> and <c>content</c>; 202 Accepted with an
/// <c>X-Message-Id</c>, or 400/401 with SendGrid's <c>{"errors":[...]}</c>). Each personalization becomes one message,
/// with its substitutions applied the way SendGrid applies them, written as an RFC 5322 .eml file (by
/// <see cref="SmtpClient"/>'s pickup directory) to <see cref="Folder"/>, and listed for the mailbox page.
/// </summary>
public sealed class DemoMailbox(string folder, string apiKey, TimeProvider time)
{
    public const string SendPath = "/v3/mail/send";

    /// <summary>Messages kept for the page (the .eml files stay on disk).</summary>
    public const int MaxListed = 500;

    private const int MaxRequestBytes = 10 * 1024 * 1024;
    private readonly Lock _lock = new();
    private readonly List<DemoMail> _messages = [];
    private int _count;

    public string Folder => folder;

    /// <summary>The messages caught so far, newest first.</summary>
    public IReadOnlyList<DemoMail> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. Enumerable.Reverse(_messages)];
            }
        }
    }

    /// <summary>The message whose .eml file has this name, or null.</summary>
    public DemoMail? Find(string fileName)
    {
        lock (_lock)
        {
            return _messages.FirstOrDefault(m => string.Equals(m.FileName, fileName, StringComparison.Ordinal));
        }
    }

    /// <summary>Removes the .eml files of an earlier demo run, so the mailbox starts empty (only *.eml in the mailbox folder).</summary>
    public void Clear()
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            File.Delete(file);
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await ErrorAsync(context, 405, "Only POST is accepted.", null);
            return;
        }

        if (request.Headers.Authorization.ToString() != "Bearer " + apiKey)
        {
            await ErrorAsync(context, 401, "The provided authorization grant is invalid, expired, or revoked", null);
            return;
        }

        if (request.ContentLength > MaxRequestBytes)
        {
            await ErrorAsync(context, 413, "The request is larger than 10 MB.", null);
            return;
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "Bad Request: the body is not JSON.", null);
            return;
        }

        using (json)
        {
            var (messages, error, field) = Read(json.RootElement);
            if (error is not null)
            {
                await ErrorAsync(context, 400, error, field);
                return;
            }

            foreach (var m in messages)
            {
                Write(m);
            }
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers["X-Message-Id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(11));
    }

    private sealed record Outgoing(string From, string FromName, string To, string Subject, string? Text, string? Html, IReadOnlyDictionary<string, string> Headers);

    private static (List<Outgoing> Messages, string? Error, string? Field) Read(JsonElement root)
    {
        var messages = new List<Outgoing>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (messages, "The request body must be a JSON object.", null);
        }

        if (!root.TryGetProperty("from", out var from) || Str(from, "email") is not { Length: > 0 } fromEmail)
        {
            return (messages, "The from object must be provided for every email send.", "from");
        }

        if (!root.TryGetProperty("personalizations", out var personalizations) || personalizations.ValueKind != JsonValueKind.Array || personalizations.GetArrayLength() is 0 or > 1000)
        {
            return (messages, "The personalizations field is required and must have at least one personalization.", "personalizations");
        }

        string? text = null, html = null;
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in content.EnumerateArray())
            {
                switch (Str(c, "type"))
                {
                    case "text/plain":
                        text = Str(c, "value");
                        break;
                    case "text/html":
                        html = Str(c, "value");
                        break;
                }
            }
        }

        if (text is null && html is null)
        {
            return (messages, "Unless a valid template_id is provided, the content parameter is required.", "content");
        }

        var subject = Str(root, "subject") ?? "";
        var common = Map(root, "headers");
        var index = 0;
        foreach (var p in personalizations.EnumerateArray())
        {
            if (!p.TryGetProperty("to", out var tos) || tos.ValueKind != JsonValueKind.Array || tos.GetArrayLength() == 0)
            {
                return ([], "The to array is required for all personalization objects, and must have at least one email object with a valid email address.", $"personalizations.{index}.to");
            }

            var substitutions = Map(p, "substitutions");
            var headers = new Dictionary<string, string>(common, StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in Map(p, "headers"))
            {
                headers[k] = v;
            }

            var toIndex = 0;
            foreach (var to in tos.EnumerateArray())
            {
                if (Str(to, "email") is not { } address || !MailAddress.TryCreate(address, out _))
                {
                    return ([], "Does not contain a valid address.", $"personalizations.{index}.to.{toIndex}.email");
                }

                messages.Add(new Outgoing(fromEmail, Str(from, "name") ?? "", address, Substitute(Str(p, "subject") ?? subject, substitutions),
                    text is null ? null : Substitute(text, substitutions), html is null ? null : Substitute(html, substitutions), headers));
                toIndex++;
            }

            index++;
        }

        return (messages, null, null);
    }

    private void Write(Outgoing m)
    {
        var id = Interlocked.Increment(ref _count).ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var fileName = id + ".eml";
        using var message = new MailMessage
        {
            From = new MailAddress(m.From, m.FromName, Encoding.UTF8),
            Subject = m.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        message.To.Add(new MailAddress(m.To));
        foreach (var (name, value) in m.Headers)
        {
            message.Headers[name] = value;
        }

        if (m.Text is not null)
        {
            message.AlternateViews.Add(View(m.Text, MediaTypeNames.Text.Plain));
        }

        if (m.Html is not null)
        {
            message.AlternateViews.Add(View(m.Html, MediaTypeNames.Text.Html));
        }

        // SmtpClient's pickup directory writes the message as an .eml file under a name of its own: write it into a
        // folder of its own, then give it the mailbox's name.
        var pickup = Path.Combine(folder, ".pickup-" + id);
        Directory.CreateDirectory(pickup);
        try
        {
            using (var smtp = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = pickup })
            {
                smtp.Send(message);
            }

            File.Move(Directory.EnumerateFiles(pickup, "*.eml").Single(), Path.Combine(folder, fileName));
        }
        finally
        {
            Directory.Delete(pickup, recursive: true);
        }

        lock (_lock)
        {
            _messages.Add(new DemoMail(id, time.GetUtcNow(), m.From, m.To, m.Subject, m.Text ?? "", fileName));
            if (_messages.Count > MaxListed)
            {
                _messages.RemoveAt(0);
            }
        }
    }

    // 8bit: the file reads as text in an editor as well as in a mail program.
    private static AlternateView View(string content, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(content, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.EightBit;
        return view;
    }

    private static string Substitute(string value, IReadOnlyDictionary<string, string> substitutions)
    {
        foreach (var (key, replacement) in substitutions)
        {
            value = value.Replace(key, replacement, StringComparison.Ordinal);
        }

        return value;
    }

    private static Dictionary<string, string> Map(JsonElement e, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in o.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    map[p.Name] = p.Value.GetString()!;
                }
            }
        }

        return map;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Task ErrorAsync(HttpContext context, int status, string message, string? field)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { errors = new[] { new { message, field, help = (string?)null } } });
    }
}
