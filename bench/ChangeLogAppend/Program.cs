// Appending to the change log against Azurite: 1,000 new changes, then the same 1,000 again (already recorded), with a
// baseline measured in the same run: 1,000 plain single-entity inserts into a table of the same account.
// Needs Azurite on 127.0.0.1 (./run.sh or `node_modules/.bin/azurite`). Run: dotnet run -c Release --project bench/ChangeLogAppend [count]
using System.Diagnostics;
using Alerts.Core;
using Alerts.Core.ChangeLog;
using Alerts.Core.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
var services = new ServiceCollection().AddLogging().AddAlertsCore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Alerts:StorageConnectionString"] = "UseDevelopmentStorage=true",
    ["Alerts:StoragePrefix"] = prefix,
}).Build()).BuildServiceProvider();
var storage = services.GetRequiredService<AlertsStorage>();
await storage.EnsureCreatedAsync();
try
{
    var log = services.GetRequiredService<ChangeLogStore>();
    var drafts = Enumerable.Range(0, count).Select(i => new ChangeRecord
    {
        Id = ChangeRecord.NewId("bench", "item-" + i, null, "v1"),
        SourceId = "bench",
        ItemKey = "item-" + i,
        ChangeType = ChangeType.Added,
        Title = "Additions to the Entity List " + i,
        Topics = ["entity-list"],
        Severity = Severity.High,
        Jurisdiction = "US",
        Diff = [new FieldChange("name", null, "Example Technology Co., Ltd. " + i)],
    }).ToList();

    var baselineTable = storage.TableService.GetTableClient(prefix + "baseline");
    await baselineTable.CreateIfNotExistsAsync();
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await baselineTable.AddEntityAsync(new TableEntity("p", i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)) { ["Body"] = drafts[i].Title });
    }

    var baseline = sw.Elapsed;
    await baselineTable.DeleteAsync();

    sw.Restart();
    foreach (var d in drafts)
    {
        await log.AppendAsync(d);
    }

    var fresh = sw.Elapsed;
    sw.Restart();
    foreach (var d in drafts)
    {
        await log.AppendAsync(d);
    }

    var again = sw.Elapsed;
    var verify = await services.GetRequiredService<ChangeLogVerifier>().VerifyAsync();

    Console.WriteLine($"baseline: {count} single-entity inserts        {baseline.TotalSeconds,7:0.00} s  {count / baseline.TotalSeconds,8:0} /s");
    Console.WriteLine($"append:   {count} new changes                  {fresh.TotalSeconds,7:0.00} s  {count / fresh.TotalSeconds,8:0} /s  ({fresh / baseline:0.00}x the baseline time)");
    Console.WriteLine($"append:   {count} already-recorded changes     {again.TotalSeconds,7:0.00} s  {count / again.TotalSeconds,8:0} /s  ({again / baseline:0.00}x the baseline time)");
    Console.WriteLine($"verify:   {verify.Describe()}");
}
finally
{
    await storage.DeleteAllAsync();
}
