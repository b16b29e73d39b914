using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>
/// What operators do with sources, behind both the admin API (<see cref="SourcesApi"/>) and <c>alerts sources</c>:
/// list with health, add, remove, enable, disable and poll now. A request that cannot be done changes nothing.
/// </summary>
public sealed class SourceAdministration(SourceRegistry registry, SourceOverrides overrides, SourceStateStore states, QueueSender queues)
{
    /// <summary>Every source with its health, in registry order.</summary>
    public async Task<List<SourceHealth>> ListAsync(CancellationToken cancellationToken = default)
    {
        var sources = await registry.ListAsync(cancellationToken);
        var all = await states.GetAllAsync(cancellationToken);
        return [.. sources.Select(s =>
        {
            var st = all.GetValueOrDefault(s.Id);
            return new SourceHealth(s.Id, s.Kind, s.Name, s.Enabled, s.Official, s.EffectiveBaseUrl, s.IntervalMinutes,
                st?.LastAttemptAt, st?.LastSuccessAt, st?.ConsecutiveFailures ?? 0, st?.LastError, st?.NextDueAt, st?.FailureAlerted ?? false);
        })];
    }

    /// <summary>Adds a source (enabled; name defaults to the id, jurisdiction to other, official to true, interval to 60 minutes).</summary>
    public async Task<SourceAdminResult> AddAsync(NewSource source, CancellationToken cancellationToken = default)
    {
        var definition = new SourceDefinition
        {
            Id = source.Id,
            Kind = source.Kind,
            Name = source.Name ?? source.Id,
            Jurisdiction = source.Jurisdiction ?? "other",
            Official = source.Official ?? true,
            IntervalMinutes = source.IntervalMinutes ?? 60,
            Enabled = true,
            DefaultBaseUrl = source.BaseUrl,
            Settings = new Dictionary<string, string>(source.Settings ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase),
        };
        var error = await overrides.AddSourceAsync(definition, cancellationToken);
        return error is null
            ? new SourceAdminResult(SourceAdminStatus.Done, definition.Id, definition)
            : new SourceAdminResult(SourceAdminStatus.Invalid, definition.Id, Error: error);
    }

    /// <summary>Removes an operator-added source; a catalog source can only be disabled.</summary>
    public async Task<SourceAdminResult> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        if (registry.IsBuiltIn(id))
        {
            return new SourceAdminResult(SourceAdminStatus.BuiltIn, id);
        }

        return await overrides.RemoveSourceAsync(id, cancellationToken)
            ? new SourceAdminResult(SourceAdminStatus.Done, id)
            : new SourceAdminResult(SourceAdminStatus.NotFound, id);
    }

    /// <summary>Turns a source on or off: an operator override stored over the catalog, read by the scheduler.</summary>
    public async Task<SourceAdminResult> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken = default)
    {
        var (source, unknown) = await FindAsync(id, cancellationToken);
        if (source is null)
        {
            return unknown!;
        }

        await overrides.SetEnabledAsync(source.Id, enabled, cancellationToken);
        return new SourceAdminResult(SourceAdminStatus.Done, source.Id, source with { Enabled = enabled });
    }

    /// <summary>
    /// An operator accepts the suspect fetch the source holds (an implausible drop in entries): the next poll records what
    /// it reads, removals included, and a poll is put on the queue now. A source holding nothing is
    /// <see cref="SourceAdminStatus.NothingHeld"/> and nothing changes.
    /// </summary>
    public async Task<SourceAdminResult> ConfirmAsync(string id, CancellationToken cancellationToken = default)
    {
        var (source, unknown) = await FindAsync(id, cancellationToken);
        if (source is null)
        {
            return unknown!;
        }

        var state = await states.GetAsync(source.Id, cancellationToken);
        if (state.SuspectFingerprint is null)
        {
            return new SourceAdminResult(SourceAdminStatus.NothingHeld, source.Id, source,
                $"{source.Id} holds no suspect fetch to confirm ({(state.LastError is null ? "its last poll succeeded" : "its last error: " + state.LastError)}).");
        }

        if (!state.SuspectConfirmed && !await states.SaveAsync(state with { SuspectConfirmed = true }, ifMatch: true, cancellationToken: cancellationToken))
        {
            // A poll wrote the state meanwhile: read it again, once.
            return await ConfirmAsync(id, cancellationToken);
        }

        await queues.SendAsync(StorageNames.PollQueue, new PollMessage(source.Id), cancellationToken: cancellationToken);
        return new SourceAdminResult(SourceAdminStatus.Done, source.Id, source);
    }

    /// <summary>Puts a poll message for the source on the queue, enabled or not.</summary>
    public async Task<SourceAdminResult> PollNowAsync(string id, CancellationToken cancellationToken = default)
    {
        var (source, unknown) = await FindAsync(id, cancellationToken);
        if (source is null)
        {
            return unknown!;
        }

        await queues.SendAsync(StorageNames.PollQueue, new PollMessage(source.Id), cancellationToken: cancellationToken);
        return new SourceAdminResult(SourceAdminStatus.Done, source.Id, source);
    }

    /// <summary>The source, or the not-found result naming the known ids.</summary>
    private async Task<(SourceDefinition? Source, SourceAdminResult? NotFound)> FindAsync(string id, CancellationToken cancellationToken)
    {
        var all = await registry.ListAsync(cancellationToken);
        var source = string.IsNullOrWhiteSpace(id) ? null : all.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));
        return source is null
            ? (null, new SourceAdminResult(SourceAdminStatus.NotFound, id, Known: [.. all.Select(s => s.Id)]))
            : (source, null);
    }
}
