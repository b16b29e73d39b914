using SendGrid;
using SendGrid.Helpers.Mail;
using MailAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace Alerts.Core.Email;

/// <summary>Sends through the SendGrid client registered in DI (v3 mail/send), at most 1,000 personalizations a request.</summary>
public sealed partial class EmailSender(ISendGridClient client, IOptions<SendGridOptions> options, TimeProvider time, ILogger<EmailSender> logger)
{
    public const int MaxPersonalizations = 1000;

    public async Task<SendOutcome> SendAsync(
        EmailContent content, IReadOnlyList<EmailRecipient> recipients, IReadOnlyList<string> categories, IReadOnlyDictionary<string, string> customArgs,
        CancellationToken cancellationToken = default)
    {
        if (recipients.Count is 0 or > MaxPersonalizations)
        {
            throw new ArgumentOutOfRangeException(nameof(recipients), $"A request carries 1 to {MaxPersonalizations} recipients.");
        }

        var o = options.Value;
        var msg = new SendGridMessage
        {
            From = new MailAddress(o.From, EmailRenderer.HeaderValue(o.FromName, 100)),
            Subject = EmailRenderer.HeaderValue(content.Subject, 200),
            PlainTextContent = content.Text,
            HtmlContent = content.Html,
            Categories = [.. categories.Select(c => EmailRenderer.HeaderValue(c, 255)).Take(10)],
            CustomArgs = customArgs.ToDictionary(kv => kv.Key, kv => EmailRenderer.HeaderValue(kv.Value, 500)),
            Personalizations = [.. recipients.Select(r => new Personalization
            {
                Tos = [new MailAddress(r.Email)],
                Substitutions = r.Substitutions.Count > 0 ? r.Substitutions.ToDictionary() : null,
                CustomArgs = r.CustomArgs.Count > 0 ? r.CustomArgs.ToDictionary(kv => kv.Key, kv => EmailRenderer.HeaderValue(kv.Value, 500)) : null,
                Headers = r.Headers.Count > 0 ? r.Headers.ToDictionary(kv => kv.Key, kv => EmailRenderer.HeaderValue(kv.Value, 2000)) : null,
            })],
        };

        // The time-out runs on the service's clock (so a test can pass it with a fake one).
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(o.TimeoutSeconds), time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        SendGrid.Response response;
        try
        {
            response = await client.SendEmailAsync(msg, timeout.Token);
        }
        catch (Exception ex) when ((ex is OperationCanceledException && !cancellationToken.IsCancellationRequested) || ex is HttpRequestException)
        {
            LogTransportFailed(logger, recipients.Count, ex.GetType().Name);
            return new SendOutcome(SendStatus.RetryLater, 0, TimeSpan.Zero, ex is OperationCanceledException ? "time-out" : "connection failed: " + ex.Message, Empty);
        }

        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.Accepted || response.IsSuccessStatusCode)
        {
            return new SendOutcome(SendStatus.Accepted, status, TimeSpan.Zero, "accepted", Empty);
        }

        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
        if (body.Length > 64 * 1024)
        {
            body = body[..(64 * 1024)];
        }

        if (status == 429)
        {
            var wait = RetryAfter(response, time.GetUtcNow());
            LogRateLimited(logger, wait.TotalSeconds);
            return new SendOutcome(SendStatus.RateLimited, status, wait, "rate limited", Empty);
        }

        if (status >= 500 || status == 408)
        {
            return new SendOutcome(SendStatus.RetryLater, status, RetryAfter(response, time.GetUtcNow(), fallback: TimeSpan.Zero), $"SendGrid answered {status}", Empty);
        }

        var (perRecipient, message) = ParseErrors(body, recipients.Count);
        LogRejected(logger, status, perRecipient.Count);
        return new SendOutcome(SendStatus.Rejected, status, TimeSpan.Zero, $"SendGrid answered {status}: {EmailRenderer.HeaderValue(message, 500)}", perRecipient);
    }

    private static readonly Dictionary<int, string> Empty = [];

    /// <summary>How long SendGrid asks us to wait: Retry-After (seconds or a date), else X-RateLimit-Reset (Unix time), at least a second; else <paramref name="fallback"/> (a minute).</summary>
    public static TimeSpan RetryAfter(SendGrid.Response response, DateTimeOffset now, TimeSpan? fallback = null)
    {
        var told = Http.RetryAfter.From(response.Headers, now) ?? Http.RetryAfter.FromReset(response.Headers, now);
        return told is { } wait ? (wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait) : fallback ?? TimeSpan.FromMinutes(1);
    }

    /// <summary>SendGrid's 4xx body: {"errors":[{"message":..., "field":"personalizations.3.to.0.email"}]}.</summary>
    internal static (Dictionary<int, string> PerRecipient, string Message) ParseErrors(string body, int count)
    {
        var per = new Dictionary<int, string>();
        var messages = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in errors.EnumerateArray())
                {
                    var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
                    var field = e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() ?? "" : "";
                    var parts = field.Split('.');
                    if (parts.Length >= 2 && parts[0] == "personalizations" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < count)
                    {
                        per[i] = EmailRenderer.HeaderValue(message, 300);
                    }
                    else
                    {
                        messages.Add(message);
                    }
                }
            }
        }
        catch (JsonException)
        {
            messages.Add("unreadable error body");
        }

        // Only a pure per-recipient refusal can be retried without those recipients.
        return messages.Count == 0 ? (per, string.Join("; ", per.Values.Distinct())) : ([], string.Join("; ", messages.Concat(per.Values).Distinct()));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid request for {Count} recipients failed in transport ({Error}); it will be retried")]
    private static partial void LogTransportFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid rate limit: waiting {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid refused a request with {Status} ({Recipients} recipients named)")]
    private static partial void LogRejected(ILogger logger, int status, int recipients);
}
