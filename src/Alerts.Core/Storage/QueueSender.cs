using System.Diagnostics;
using System.Text.Json.Nodes;
using Alerts.Core.Delivery;

namespace Alerts.Core.Storage;

/// <summary>Sends queue payloads as JSON (base64-encoded, as the Functions queue trigger expects).</summary>
public sealed class QueueSender(AlertsStorage storage, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Test seam: takes each delayed message (queue, body, delay) instead of the queue's visibility delay, which runs on the
    /// wall clock; the fault suite holds them on its fake clock and sends them when they are due.
    /// </summary>
    internal Func<string, string, TimeSpan, CancellationToken, Task>? Delayed { get; set; }

    public async Task SendAsync<T>(string queue, T message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        // The queue's maximum visibility delay is 7 days.
        var visibility = delay is { } d && d > TimeSpan.Zero ? (d > TimeSpan.FromDays(7) ? TimeSpan.FromDays(7) : d) : (TimeSpan?)null;
        var body = Serialize(message, time.GetUtcNow() + (visibility ?? TimeSpan.Zero));
        if (visibility is { } wait && Delayed is { } hold)
        {
            await hold(queue, body, wait, cancellationToken);
            return;
        }

        await storage.Queue(queue).SendMessageAsync(body, visibility, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The message as JSON; a <see cref="ITracedMessage"/> carries the current span's W3C context (replacing any it was
    /// read with), so the handler's span continues this trace, and <paramref name="visibleAt"/> (when it becomes visible
    /// on the queue), from which its handler measures the queue age.
    /// </summary>
    public static string Serialize<T>(T message, DateTimeOffset? visibleAt = null)
    {
        if (message is not ITracedMessage)
        {
            return JsonSerializer.Serialize(message, Json);
        }

        var node = JsonSerializer.SerializeToNode(message, Json)!.AsObject();
        if (visibleAt is { } at)
        {
            node["visibleAt"] = at.ToUniversalTime();
        }

        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            node["traceParent"] = current.Id;
            node.Remove("traceState");
            if (current.TraceStateString is { Length: > 0 } state)
            {
                node["traceState"] = state;
            }
        }

        return node.ToJsonString(Json);
    }

    public static T Parse<T>(string body) => JsonSerializer.Deserialize<T>(body, Json)
        ?? throw new JsonException($"The queue message is not a {typeof(T).Name}.");
}
