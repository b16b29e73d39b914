using System.Security.Cryptography;
using Alerts.Core.Delivery;
using Alerts.Core.Email;

namespace Alerts.Tests.Email;

/// <summary>
/// The world (<see cref="TestWorld"/>) with e-mail on: SendGrid played on 127.0.0.1 (<see cref="FakeSendGrid"/>: 202 by
/// default, other answers scripted through <see cref="Answer"/>), a fake clock, and helpers to sign up, record and dispatch
/// changes, drain the deliver queue and post signed SendGrid events.
/// </summary>
public sealed class EmailKit : IAsyncDisposable
{
    public const string ApiKey = FakeSendGrid.ApiKey;
    public const string PublicBase = "https://alerts.example.org";

    private EmailKit(TestWorld world) => World = world;

    public TestWorld World { get; }

    public TestServices Services => World.Services;

    public LocalServer SendGrid => World.SendGrid.Server;

    public ECDsa EventKey => World.SendGrid.EventKey;

    public WatchedClock Clock => World.Clock;

    public ConcurrentQueue<SentMail> Mails => World.SendGrid.Mails;

    /// <summary>Answers the n-th (1-based) mail/send request itself when it returns true; false leaves the default 202.</summary>
    public Func<int, JsonElement, HttpContext, Task<bool>>? Answer
    {
        get => World.SendGrid.Answer;
        set => World.SendGrid.Answer = value;
    }

    public static async Task<EmailKit> CreateAsync(IDictionary<string, string?>? settings = null, DateTimeOffset? start = null, Action<IServiceCollection>? configure = null) =>
        new(await TestWorld.StartAsync(new WorldOptions
        {
            Settings = settings,
            Start = start ?? new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero),
            SendGridFor = PublicBase,
            Configure = configure,
        }));

    /// <summary>Mails SendGrid accepted.</summary>
    public List<SentMail> Accepted => World.SendGrid.Accepted;

    public T Get<T>() where T : notnull => Services.Get<T>();

    /// <summary>The API over real HTTP to the world's self-host.</summary>
    public ApiClient Api => World.Api;

    public Task<ApiReply> SubscribeAsync(object request) => Api.CallAsync("Subscribe", body: request);

    /// <summary>The one-click unsubscribe a mail client posts (RFC 8058) with the manage token of a mail's link.</summary>
    public Task<ApiReply> OneClickUnsubscribeAsync(string token) =>
        Api.CallAsync("Unsubscribe", query: "?token=" + Uri.EscapeDataString(token), rawBody: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded");

    /// <summary>Signs up and confirms through the e-mailed link; returns the subscriber.</summary>
    public async Task<Subscriber> SubscribeAndConfirmAsync(string email, object? preferences = null)
    {
        var request = JsonSerializer.SerializeToNode(preferences ?? new { })!.AsObject();
        request["email"] = email;
        var before = Mails.Count;
        var (status, _) = await Api.CallAsync("Subscribe", rawBody: request.ToJsonString());
        Assert.Equal(202, status);
        var mail = Mails.Skip(before).Single(m => m.Recipients.Contains(email));
        var (confirm, _) = await Api.CallAsync("ConfirmSubscription", query: "?token=" + Uri.EscapeDataString(TokenFrom(mail.Text, "/api/subscriptions/confirm")));
        Assert.Equal(303, confirm); // confirmed: the browser is sent to the preferences page
        var s = await Get<SubscriberStore>().FindByEmailAsync(email);
        Assert.Equal(SubscriberState.Active, s!.State);
        return s;
    }

    /// <summary>The recipient's unsubscribe link: the value of the message's own <c>-unsubscribe_…-</c> substitution.</summary>
    public static string UnsubscribeLink(System.Text.Json.JsonElement personalization) =>
        Substitution(personalization, "-unsubscribe_").Value;

    /// <summary>The one substitution whose tag starts with <paramref name="prefix"/>: (tag, value).</summary>
    public static (string Tag, string Value) Substitution(System.Text.Json.JsonElement personalization, string prefix)
    {
        var found = personalization.GetProperty("substitutions").EnumerateObject().Single(p => p.Name.StartsWith(prefix, StringComparison.Ordinal));
        return (found.Name, found.Value.GetString()!);
    }

    /// <summary>The token of the first link to <paramref name="path"/> in a text.</summary>
    public static string TokenFrom(string text, string path)
    {
        var at = text.IndexOf(PublicBase + path + "?token=", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {path} link in: {text}");
        var start = at + PublicBase.Length + path.Length + "?token=".Length;
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('"' or '<' or '>' or '&'))
        {
            end++;
        }

        return Uri.UnescapeDataString(text[start..end]);
    }

    private static int _item;

    public async Task<ChangeRecord> RecordAsync(string title = "Entity List additions", Severity severity = Severity.High, string jurisdiction = "US", string[]? topics = null,
        string source = "federal-register", string? story = null, string? url = "https://www.federalregister.gov/d/2026-01234", string? summary = null, string[]? matched = null)
    {
        var key = "doc-" + Interlocked.Increment(ref _item);
        var draft = Seed.Draft(key, title, summary ?? "Adds 12 entities to the Entity List.", severity, topics, source) with
        {
            Url = url,
            Jurisdiction = jurisdiction,
            Matched = matched ?? ["Entity List", "semiconductor"],
            StoryId = story,
            Diff = [new FieldChange("title", null, title), new FieldChange("effective", "2026-12-01", "2026-12-15")],
        };
        return (await Get<ChangeLogStore>().AppendAsync(draft)).Change;
    }

    public Task DispatchAsync(ChangeRecord change) => Get<DispatchService>().DispatchAsync(new DispatchMessage(change.Id));

    /// <summary>Handles every visible deliver message (as the queue pump does: deleted only when handled). Returns the handled messages.</summary>
    public async Task<List<DeliverMessage>> DrainAsync()
    {
        var queue = Get<AlertsStorage>().Queue(StorageNames.DeliverQueue);
        var handled = new List<DeliverMessage>();
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30))).Value;
            if (messages.Length == 0)
            {
                return handled;
            }

            foreach (var m in messages)
            {
                var message = QueueSender.Parse<DeliverMessage>(m.Body.ToString());
                await Get<DispatchService>().DeliverAsync(message);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                handled.Add(message);
            }
        }
    }

    /// <summary>Signs an Event Webhook body as SendGrid does (ECDSA P-256 over timestamp + body, DER, base64).</summary>
    public (string Signature, string Timestamp) Sign(string body, ECDsa? key = null)
    {
        var ts = Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sig = (key ?? EventKey).SignData(Encoding.UTF8.GetBytes(ts + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return (Convert.ToBase64String(sig), ts);
    }

    /// <summary>Posts an Event Webhook body with its signature headers.</summary>
    public Task<ApiReply> PostEventsAsync(string body, string signature, string timestamp) =>
        Api.CallAsync("SendGridEvents", rawBody: body, headers: new Dictionary<string, string>
        {
            ["X-Twilio-Email-Event-Webhook-Signature"] = signature,
            ["X-Twilio-Email-Event-Webhook-Timestamp"] = timestamp,
        });

    public ValueTask DisposeAsync() => World.DisposeAsync();
}
