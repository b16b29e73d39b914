using Alerts.Core.Access;

namespace Alerts.Server.Cli;

/// <summary><c>alerts verify</c>, <c>alerts anchor</c> and <c>alerts keys create|list|revoke</c>.</summary>
internal static class AccessCommands
{
    public static Command Verify(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var anchors = new Option<bool>("--anchors") { Description = "Also compare the chain with every anchor published to the GitHub repository (Alerts:Anchoring)." };
        var noEvidence = new Option<bool>("--no-evidence") { Description = "Skip checking the evidence blobs' hashes." };
        var json = new Option<bool>("--json") { Description = "The result as JSON." };
        var verify = new Command("verify",
            "Recompute the change log's hash chain and check every evidence blob (and with --anchors the published anchors). " +
            "Exit code 0: intact; 1: broken, naming the first bad entry.") { anchors, noEvidence, json };
        verify.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            IReadOnlyList<Anchor>? published = null;
            if (pr.GetValue(anchors))
            {
                var anchorService = host.Services.GetRequiredService<AnchorService>();
                if (!anchorService.Configured)
                {
                    await stderr.WriteLineAsync("alerts: --anchors needs Alerts:Anchoring:Repository (owner/name) and Alerts:GitHub:Token to be set.");
                    return AlertsCli.Usage;
                }

                try
                {
                    published = await anchorService.ReadPublishedAsync(ct);
                }
                catch (Exception ex) when (ex is Octokit.ApiException or HttpRequestException or InvalidDataException)
                {
                    await stderr.WriteLineAsync($"alerts: cannot read the published anchors: {ex.Message}");
                    return AlertsCli.Failed;
                }
            }

            var result = await host.Services.GetRequiredService<ChangeLogVerifier>().VerifyAsync(
                new VerifyOptions { Evidence = !pr.GetValue(noEvidence), Anchors = published }, cancellationToken: ct);
            if (pr.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(result, ApiJson.Options));
            }
            else
            {
                await (result.Ok ? stdout : stderr).WriteLineAsync(result.Describe());
                foreach (var f in result.Findings.Skip(result.Ok ? 0 : 1))
                {
                    await stderr.WriteLineAsync($"  {f.Kind} at sequence {f.Sequence}{(f.ChangeId is null ? "" : $" ({f.ChangeId})")}: {f.Problem}");
                }
            }

            return result.Ok ? AlertsCli.Ok : AlertsCli.Failed;
        });
        return verify;
    }

    public static Command Anchor(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var anchor = new Command("anchor", "Publish the chain head (sequence and hash) to the configured GitHub repository now; the service does this daily.");
        anchor.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var service = host.Services.GetRequiredService<AnchorService>();
            if (!service.Configured)
            {
                await stderr.WriteLineAsync("alerts: anchoring is not configured: set Alerts:Anchoring:Repository (owner/name) and Alerts:GitHub:Token.");
                return AlertsCli.Usage;
            }

            try
            {
                var result = await service.PublishAsync(ct);
                await stdout.WriteLineAsync(result is null
                    ? "The change log is empty: nothing to anchor."
                    : result.Published
                        ? $"Published sequence {result.Anchor.Sequence} {result.Anchor.Hash} (commit {result.CommitSha})."
                        : $"Sequence {result.Anchor.Sequence} {result.Anchor.Hash} is already the last published anchor.");
                return AlertsCli.Ok;
            }
            catch (Exception ex) when (ex is Octokit.ApiException or HttpRequestException or InvalidDataException)
            {
                await stderr.WriteLineAsync($"alerts: publishing the anchor failed: {ex.Message}");
                return AlertsCli.Failed;
            }
        });
        return anchor;
    }

    public static Command Keys(TextWriter stdout, TextWriter stderr, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var keys = new Command("keys", "API keys: create (shown once), list (never the secret), revoke.");

        var role = new Option<string>("--role") { Description = "admin, auditor or team.", Required = true };
        role.AcceptOnlyFromAmong(Roles.All);
        var name = new Option<string>("--name") { Description = "Who or what the key is for.", Required = true };
        var team = new Option<string>("--team") { Description = "For a team key: the team it belongs to (default: the key's own id)." };
        var expires = new Option<string>("--expires") { Description = "Expiry date or date-time (UTC unless an offset is given)." };
        var create = new Command("create", "Create a key; it is printed once and stored only as a hash.") { role, name, team, expires };
        create.Validators.Add(r =>
        {
            if (r.GetValue(expires) is { Length: > 0 } e && !ApiQuery.TryParseDate(e, false, out _))
            {
                r.AddError($"--expires: '{e}' is not a date (use 2027-01-01 or 2027-01-01T12:00:00Z).");
            }
        });
        create.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var store = host.Services.GetRequiredService<ApiKeyStore>();
            DateTimeOffset? expiresAt = pr.GetValue(expires) is { Length: > 0 } ev && ApiQuery.TryParseDate(ev, false, out var d) ? d : null;
            var draft = new NewApiKey(pr.GetValue(name) ?? "", pr.GetValue(role) ?? "", pr.GetValue(team) is { Length: > 0 } t ? t : null, expiresAt);
            if (store.Validate(draft) is { } error)
            {
                await stderr.WriteLineAsync($"alerts: {error}");
                return AlertsCli.Usage;
            }

            var created = await store.CreateAsync(draft, ct);
            await stdout.WriteLineAsync($"id:         {created.Key.Id}");
            await stdout.WriteLineAsync($"role:       {created.Key.Role}{(created.Key.TeamId is { } tm ? $" (team {tm})" : "")}");
            await stdout.WriteLineAsync($"key:        {created.Secret}");
            await stdout.WriteLineAsync($"feed token: {created.FeedToken}");
            await stderr.WriteLineAsync("alerts: the key and feed token are shown this once; only their hashes are stored.");
            return AlertsCli.Ok;
        });
        keys.Subcommands.Add(create);

        var listJson = new Option<bool>("--json") { Description = "JSON instead of a table." };
        var list = new Command("list", "List keys (never their secrets).") { listJson };
        list.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var all = await host.Services.GetRequiredService<ApiKeyStore>().ListAsync(ct);
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (pr.GetValue(listJson))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(
                    all.Select(k => new { k.Id, k.Name, k.Role, team = k.TeamId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, status = k.StatusAt(now), k.Prefix }), ApiJson.Options));
                return AlertsCli.Ok;
            }

            await stdout.WriteLineAsync($"{"ID",-16} {"ROLE",-7} {"STATUS",-7} {"TEAM",-16} {"EXPIRES",-16} NAME");
            foreach (var k in all)
            {
                await stdout.WriteLineAsync(
                    $"{k.Id,-16} {k.Role,-7} {k.StatusAt(now),-7} {k.TeamId ?? "",-16} {k.ExpiresAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",-16} {k.Name}");
            }

            return AlertsCli.Ok;
        });
        keys.Subcommands.Add(list);

        var id = new Argument<string>("id") { Description = "The key's id (from 'alerts keys list')." };
        var revoke = new Command("revoke", "Revoke a key: it stops working at once and stays listed.") { id };
        revoke.SetAction(async (pr, ct) =>
        {
            using var host = await AlertsCli.BuildStorageHostAsync(configure, settings, ct);
            var keyId = pr.GetValue(id) ?? "";
            var revoked = await host.Services.GetRequiredService<ApiKeyStore>().RevokeAsync(keyId, ct);
            if (revoked is null)
            {
                await stderr.WriteLineAsync($"alerts: no key '{keyId}'. See 'alerts keys list'.");
                return AlertsCli.Failed;
            }

            await stdout.WriteLineAsync($"Revoked {revoked.Id} ({revoked.Role}, {revoked.Name}).");
            return AlertsCli.Ok;
        });
        keys.Subcommands.Add(revoke);
        return keys;
    }
}
