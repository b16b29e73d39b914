namespace Alerts.Server.Cli;

/// <summary><c>alerts sources</c> (health table) and its subcommands enable, disable, add, confirm, remove.</summary>
internal static class SourceCommands
{
    public static Command Sources(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var sourcesJson = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var sources = new Command("sources", "List the sources with their health: last success, consecutive failures, last error, next poll.") { sourcesJson };
        sources.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var rows = await host.Services.GetRequiredService<SourceAdministration>().ListAsync(ct);
            if (pr.GetValue(sourcesJson))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(rows, ApiJson.Options));
                return AlertsCli.Ok;
            }

            await stdout.WriteLineAsync($"{"SOURCE",-36} {"ON",-3} {"LAST ATTEMPT",-17} {"LAST SUCCESS",-17} {"FAILS",5} {"NEXT DUE",-17} LAST ERROR");
            foreach (var r in rows)
            {
                await stdout.WriteLineAsync(
                    $"{r.Id,-36} {(r.Enabled ? "yes" : "no"),-3} {When(r.LastAttemptAt),-17} {When(r.LastSuccessAt),-17} {r.ConsecutiveFailures,5} {When(r.NextDueAt),-17} {r.LastError}");
            }

            return AlertsCli.Ok;
        });
        foreach (var enable in new[] { false, true })
        {
            var idArgument = new Argument<string>("id") { Description = "The source id (see 'alerts sources')." };
            var toggle = new Command(enable ? "enable" : "disable", enable
                ? "Turn a source on (an operator override stored over the catalog)."
                : "Turn a source off: the scheduler stops polling it (an operator override stored over the catalog).") { idArgument };
            toggle.SetAction(async (pr, ct) =>
            {
                using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
                var id = pr.GetValue(idArgument) ?? "";
                var result = await host.Services.GetRequiredService<SourceAdministration>().SetEnabledAsync(id, enable, ct);
                if (!result.Done)
                {
                    await stderr.WriteLineAsync($"alerts: no source '{id}'. Known: {string.Join(", ", result.Known ?? [])}.");
                    return AlertsCli.Usage;
                }

                await stdout.WriteLineAsync($"{result.Id}: {(enable ? "enabled" : "disabled")}");
                return AlertsCli.Ok;
            });
            sources.Subcommands.Add(toggle);
        }

        var addId = new Argument<string>("id") { Description = "The new source's id (lower-case letters, digits, dashes)." };
        var addKind = new Option<string>("--kind") { Description = "The source kind: feed, page, github, federal-register, ecfr, screening-list, hts.", Required = true };
        var addBaseUrl = new Option<string>("--base-url") { Description = "The origin the source talks to, e.g. https://www.bis.gov.", Required = true };
        var addName = new Option<string>("--name") { Description = "A name people read." };
        var addJurisdiction = new Option<string>("--jurisdiction") { Description = "US, CN, EU, NL, JP, KR, TW, UK or other." };
        var addInterval = new Option<int?>("--interval") { Description = "Minutes between polls (default 60)." };
        var addNews = new Option<bool>("--news") { Description = "Recorded as news, not as an official source." };
        var addSettings = new Option<string[]>("--setting")
        {
            Description = "A kind-specific setting as key=value (repeat), e.g. --setting url=https://www.bis.gov/rss.xml.",
            Arity = ArgumentArity.ZeroOrMore
        };
        var add = new Command("add", "Add a source (stored with the service's state; the scheduler polls it from the next minute).")
        {
            addId, addKind, addBaseUrl, addName, addJurisdiction, addInterval, addNews, addSettings
        };
        add.SetAction(async (pr, ct) =>
        {
            var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in pr.GetValue(addSettings) ?? [])
            {
                var i = kv.IndexOf('=', StringComparison.Ordinal);
                if (i <= 0)
                {
                    await stderr.WriteLineAsync($"alerts: --setting '{kv}' is not key=value.");
                    return AlertsCli.Usage;
                }

                pairs[kv[..i]] = kv[(i + 1)..];
            }

            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var id = pr.GetValue(addId) ?? "";
            var result = await host.Services.GetRequiredService<SourceAdministration>().AddAsync(
                new NewSource(id, pr.GetValue(addKind) ?? "", pr.GetValue(addBaseUrl) ?? "", pr.GetValue(addName), pr.GetValue(addJurisdiction), !pr.GetValue(addNews),
                    pr.GetValue(addInterval), pairs),
                ct);
            if (!result.Done)
            {
                await stderr.WriteLineAsync($"alerts: {result.Error}");
                return AlertsCli.Usage;
            }

            await stdout.WriteLineAsync($"{id}: added");
            return AlertsCli.Ok;
        });
        sources.Subcommands.Add(add);

        var confirmId = new Argument<string>("id") { Description = "The source id (see 'alerts sources')." };
        var confirm = new Command("confirm", "Accept the suspect fetch a source holds (an implausible drop in entries, shown as its last error): its next poll records the removals.") { confirmId };
        confirm.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var id = pr.GetValue(confirmId) ?? "";
            var result = await host.Services.GetRequiredService<SourceAdministration>().ConfirmAsync(id, ct);
            if (!result.Done)
            {
                await stderr.WriteLineAsync(result.Status == SourceAdminStatus.NothingHeld
                    ? $"alerts: {result.Error}"
                    : $"alerts: no source '{id}'. Known: {string.Join(", ", result.Known ?? [])}.");
                return AlertsCli.Usage;
            }

            await stdout.WriteLineAsync($"{result.Id}: confirmed; its next poll records the held drop");
            return AlertsCli.Ok;
        });
        sources.Subcommands.Add(confirm);

        var removeId = new Argument<string>("id") { Description = "The id of a source added with 'alerts sources add'." };
        var remove = new Command("remove", "Remove a source an operator added (catalog sources can only be disabled).") { removeId };
        remove.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var id = pr.GetValue(removeId) ?? "";
            var result = await host.Services.GetRequiredService<SourceAdministration>().RemoveAsync(id, ct);
            if (!result.Done)
            {
                await stderr.WriteLineAsync(result.Status == SourceAdminStatus.BuiltIn
                    ? $"alerts: '{id}' is a catalog source: disable it instead (alerts sources disable {id})."
                    : $"alerts: no operator-added source '{id}'.");
                return AlertsCli.Usage;
            }

            await stdout.WriteLineAsync($"{id}: removed");
            return AlertsCli.Ok;
        });
        sources.Subcommands.Add(remove);

        return sources;
    }

    private static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never";
}
