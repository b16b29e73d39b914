using System.Text.Json;
using Alerts.Core.Delivery;

namespace Alerts.Core.Storage;

/// <summary>Sends queue payloads as JSON (base64-encoded, as the Functions queue trigger expects).</summary>
public sealed class QueueSender(AlertsStorage storage)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SendAsync<T>(string queue, T message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        // The queue's maximum visibility delay is 7 days.
        var visibility = delay is { } d && d > TimeSpan.Zero ? (d > TimeSpan.FromDays(7) ? TimeSpan.FromDays(7) : d) : (TimeSpan?)null;
        await storage.Queue(queue).SendMessageAsync(JsonSerializer.Serialize(message, Json), visibility, cancellationToken: cancellationToken);
    }

    public static T Parse<T>(string body) => JsonSerializer.Deserialize<T>(body, Json)
        ?? throw new JsonException($"The queue message is not a {typeof(T).Name}.");
}
