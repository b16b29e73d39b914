using Alerts.Core.Email;

namespace Alerts.Server.Cli;

/// <summary><c>alerts subscribers</c> (counts by state) and <c>alerts deliveries --change ID</c> (e-mail statistics of a change).</summary>
internal static class EmailCommands
{
    public static Command Subscribers(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var subscribersJson = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var subscribers = new Command("subscribers", "Count e-mail subscribers by state (pending, active, unsubscribed, deactivated, erased).") { subscribersJson };
        subscribers.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var counts = await host.Services.GetRequiredService<SubscriberStore>().CountByStateAsync(ct);
            if (pr.GetValue(subscribersJson))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(counts, ApiJson.Options));
                return AlertsCli.Ok;
            }

            foreach (var (state, count) in counts)
            {
                await stdout.WriteLineAsync($"{state,-14} {count,8}");
            }

            await stdout.WriteLineAsync($"{"total",-14} {counts.Values.Sum(),8}");
            return AlertsCli.Ok;
        });
        return subscribers;
    }

    public static Command Deliveries(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var changeId = new Option<string>("--change") { Description = "The change id (chg_...).", Required = true };
        var deliveriesJson = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var deliveries = new Command("deliveries", "E-mail delivery statistics of one change: recipients by status (pending, sent, delivered, opened, bounced, ...).") { changeId, deliveriesJson };
        deliveries.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var id = pr.GetValue(changeId)!;
            if (await host.Services.GetRequiredService<ChangeLogStore>().FindAsync(id, ct) is null)
            {
                await stderr.WriteLineAsync($"alerts: no change '{id}'.");
                return AlertsCli.Failed;
            }

            var counts = await host.Services.GetRequiredService<EmailDeliveryStore>().StatisticsAsync(id, ct);
            if (pr.GetValue(deliveriesJson))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new { changeId = id, email = counts }, ApiJson.Options));
                return AlertsCli.Ok;
            }

            await stdout.WriteLineAsync($"E-mail deliveries of {id}:");
            foreach (var (status, count) in counts)
            {
                await stdout.WriteLineAsync($"  {status,-12} {count,8}");
            }

            await stdout.WriteLineAsync($"  {"total",-12} {counts.Values.Sum(),8}");
            return AlertsCli.Ok;
        });
        return deliveries;
    }
}
