namespace Alerts.Server.Cli;

/// <summary><c>alerts queues</c> (depths of the work and poison queues) and <c>alerts queues replay NAME</c>.</summary>
internal static class QueueCommands
{
    public static Command Queues(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var json = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var queues = new Command("queues", "Depth of each work queue and of its poison queue (<queue>-poison: messages that failed 5 times).") { json };
        queues.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var depths = await host.Services.GetRequiredService<QueueOperations>().DepthsAsync(ct);
            if (pr.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(depths, ApiJson.Options));
                return AlertsCli.Ok;
            }

            await stdout.WriteLineAsync($"{"queue",-10} {"name",-30} {"depth",8} {"poison",8}");
            foreach (var d in depths)
            {
                await stdout.WriteLineAsync($"{d.Queue,-10} {d.Name,-30} {d.Depth,8} {d.PoisonDepth,8}");
            }

            return AlertsCli.Ok;
        });

        var name = new Argument<string>("NAME") { Description = $"The queue whose poison messages go back: {string.Join(", ", StorageNames.AllQueues)}." };
        var max = new Option<int>("--max")
        {
            Description = $"Move at most this many messages (default {QueueOperations.DefaultReplayLimit}).", DefaultValueFactory = _ => QueueOperations.DefaultReplayLimit
        };
        var replay = new Command("replay", "Move the messages of NAME-poison back to NAME, at most --max of them, printing progress. Running it again moves only what is still there.") { name, max };
        replay.SetAction(async (pr, ct) =>
        {
            var queue = pr.GetValue(name)!;
            var limit = pr.GetValue(max);
            if (!StorageNames.AllQueues.Contains(queue, StringComparer.Ordinal) || limit < 1)
            {
                await stderr.WriteLineAsync(limit < 1
                    ? "alerts: --max must be at least 1."
                    : $"alerts: no queue '{queue}': the queues are {string.Join(", ", StorageNames.AllQueues)}.");
                return AlertsCli.Usage;
            }

            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var progress = new SynchronousProgress(moved => stderr.WriteLine($"alerts: moved {moved} message(s) from {queue}-poison to {queue}"));
            var result = await host.Services.GetRequiredService<QueueOperations>().ReplayAsync(queue, limit, progress, ct);
            await stdout.WriteLineAsync($"Moved {result.Moved} message(s) from {queue}-poison back to {queue}; {result.Remaining} left in {queue}-poison.");
            return AlertsCli.Ok;
        });
        queues.Subcommands.Add(replay);
        return queues;
    }

    // Progress<T> posts to the thread pool, so its lines could come after the summary; this reports in order.
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
