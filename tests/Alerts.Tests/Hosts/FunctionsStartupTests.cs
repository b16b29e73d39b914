using System.Reflection;
using Alerts.Functions;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Alerts.Tests.Hosts;

/// <summary>Item 7 of issue 16: the queue triggers read the prefixed queues the senders write, and the app creates its storage at start.</summary>
public sealed class FunctionsStartupTests
{
    private static readonly string[] QueueTriggerNames = [.. typeof(JobFunctions).GetMethods()
        .SelectMany(m => m.GetParameters())
        .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
        .OfType<string>()];

    [Fact]
    public async Task The_queue_triggers_resolve_to_the_prefixed_queues_the_senders_write_to()
    {
        await using var t = await TestServices.CreateAsync();
        var storage = t.Get<AlertsStorage>();

        var resolved = QueueTriggerNames.Select(q => QueueBindings.Resolve(q, QueueBindings.Settings(t.Prefix))).Order().ToList();

        Assert.Equal(StorageNames.AllQueues.Select(q => storage.Queue(q).Name).Order(), resolved);
        Assert.All(resolved, q => Assert.StartsWith(t.Prefix + "-", q, StringComparison.Ordinal));
        Assert.All(QueueTriggerNames, q => Assert.Matches("^%[A-Za-z]+%$", q));
    }

    [Fact]
    public async Task Start_up_creates_every_table_and_queue_on_a_fresh_storage_account_and_again_changes_nothing()
    {
        await Azurite.EnsureRunningAsync();
        var prefix = "f" + Guid.NewGuid().ToString("N")[..12];
        var storage = NewStorage(prefix);
        var startup = new FunctionsStorageStartup(storage, Settings(QueueBindings.Settings(prefix)), Options.Create(new AlertsOptions { StoragePrefix = prefix }));
        try
        {
            await startup.StartAsync(CancellationToken.None);
            await startup.StartAsync(CancellationToken.None);

            foreach (var q in StorageNames.AllQueues)
            {
                Assert.True((await storage.Queue(q).ExistsAsync()).Value, q);
                Assert.True((await storage.Queue(StorageNames.Poison(q)).ExistsAsync()).Value, StorageNames.Poison(q));
            }

            var tables = new List<string>();
            await foreach (var table in storage.TableService.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}")))
            {
                tables.Add(table.Name);
            }

            Assert.Equal(StorageNames.AllTables.Select(n => prefix + n).Order(), tables.Order());
        }
        finally
        {
            await storage.DeleteAllAsync();
        }
    }

    [Fact]
    public async Task Start_up_refuses_queue_settings_that_disagree_with_the_storage_prefix_and_creates_nothing()
    {
        await Azurite.EnsureRunningAsync();
        var prefix = "f" + Guid.NewGuid().ToString("N")[..12];
        var storage = NewStorage(prefix);
        var unprefixed = new Dictionary<string, string>(QueueBindings.Settings(""));
        unprefixed.Remove(QueueBindings.DeliverSetting);
        var startup = new FunctionsStorageStartup(storage, Settings(unprefixed), Options.Create(new AlertsOptions { StoragePrefix = prefix }));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => startup.StartAsync(CancellationToken.None));

        Assert.Contains($"AlertsPollQueue is 'poll' but Alerts:StoragePrefix '{prefix}' makes the queue '{prefix}-poll'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"AlertsDeliverQueue is not set", ex.Message, StringComparison.Ordinal);
        Assert.False((await storage.Queue(StorageNames.PollQueue).ExistsAsync()).Value);
    }

    [Fact]
    public void The_example_local_settings_name_the_queues_an_unprefixed_install_uses()
    {
        var example = new ConfigurationBuilder().AddJsonFile(Path.Combine(Paths.RepoRoot, "src", "Alerts.Functions", "local.settings.example.json")).Build().GetSection("Values");

        Assert.Empty(QueueBindings.Check(example, example["Alerts__StoragePrefix"] ?? ""));
    }

    private static AlertsStorage NewStorage(string prefix) => new(
        new TableServiceClient(Azurite.ConnectionString),
        new QueueServiceClient(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
        new Azure.Storage.Blobs.BlobServiceClient(Azurite.ConnectionString),
        prefix);

    private static IConfiguration Settings(IReadOnlyDictionary<string, string> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value))).Build();
}
