using System.Collections.Concurrent;
using Alerts.Core.ChangeLog;
using Alerts.Core.Delivery;
using Alerts.Core.Detection;
using Alerts.Core.Sources;
using Alerts.Core.Sources.Ecfr;
using Alerts.Core.Sources.FederalRegister;
using Alerts.Core.Sources.Hts;
using Alerts.Core.Sources.ScreeningList;

namespace Alerts.Core.Watchlists;

/// <summary>
/// Screens watchlists: a whole watchlist against the current screening lists (the snapshots of every screening-list
/// source, e.g. <c>csl-entity-list</c>) when it is created or imported, and every recorded change as it is dispatched —
/// added or modified Entity List, MEU and UVL entries against counterparties (from the screening list source and from
/// the BIS rules in the Federal Register that add them, <see cref="RuleEntitiesAsync"/>), the text of eCFR, tariff schedule and
/// Federal Register changes against products. Matches are stored idempotently by change (or listed item) and entry.
/// </summary>
public sealed partial class WatchlistScreening(
    WatchlistStore lists,
    WatchlistMatchStore matches,
    MatchAlertStore alerts,
    QueueSender queues,
    SnapshotStore snapshots,
    EvidenceStore evidence,
    SourceCatalog catalog,
    IOptions<WatchlistOptions> options,
    TimeProvider time,
    ILogger<WatchlistScreening> logger)
{
    /// <summary>Kinds of source whose changes are screened against products.</summary>
    public static readonly IReadOnlySet<string> ProductSourceKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        EcfrSource.KindName, HtsSource.KindName, FederalRegisterSource.KindName, PublicInspectionSource.KindName,
    };

    private readonly ConcurrentDictionary<string, PreparedWatchlist> _prepared = new(StringComparer.Ordinal);

    public NameMatcher Matcher { get; } = new(options.Value);

    /// <summary>Every current (not removed) entry of every screening-list source.</summary>
    public async Task<(List<ListedEntry> Entries, List<string> Sources)> CurrentListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<ListedEntry>();
        var sources = new List<string>();
        foreach (var source in catalog.All.Where(s => s.Kind == ScreeningListSource.KindName).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            sources.Add(source.Id);
            foreach (var s in (await snapshots.ReadAllAsync(source.Scope, cancellationToken)).Values.Where(s => !s.Removed))
            {
                entries.Add(Listed(source.Id, s.ItemKey, s.Title, s.Url, s.Fields));
            }
        }

        return (entries, sources);
    }

    /// <summary>Screens a watchlist's counterparties against the current lists, replaces its screening matches and returns the report.</summary>
    public async Task<ScreeningReport> ScreenAsync(Watchlist list, IReadOnlyList<WatchlistEntry> entries, CancellationToken cancellationToken = default)
    {
        var (listed, sources) = await CurrentListAsync(cancellationToken);
        var prepared = Prepare(list, entries);
        var now = time.GetUtcNow();
        var found = listed.SelectMany(l => prepared.Counterparties.Screen(l.Party).Select(m => ToMatch(list.Id, prepared, m, l, "screening", null, now))).ToList();
        await matches.ClearScreeningAsync(list.Id, cancellationToken);
        await matches.AddAsync(list.Id, found, cancellationToken);
        var note = listed.Count == 0
            ? $"No screening list entries are stored yet ({string.Join(", ", sources)} not polled): later list changes are still screened as they are recorded."
            : null;
        return new ScreeningReport(now, listed.Count, sources, [.. found.OrderByDescending(m => m.Score)], note);
    }

    /// <summary>Screens one recorded change against every watchlist; returns the matches stored (new or already there).</summary>
    public async Task<List<WatchlistMatch>> ScreenChangeAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        var found = new List<WatchlistMatch>();
        if (change.ChangeType == ChangeType.Removed)
        {
            return found;
        }

        var source = catalog.Find(change.SourceId);
        var kind = source?.Kind;
        var listed = new List<ListedEntry>();
        string? text = null;
        if (kind == ScreeningListSource.KindName)
        {
            var current = await snapshots.ReadManyAsync(source!.Scope, [change.ItemKey], cancellationToken);
            var fields = new Dictionary<string, string>(current.TryGetValue(change.ItemKey, out var snap) ? snap.Fields : new Dictionary<string, string>(), StringComparer.Ordinal);
            foreach (var d in change.Diff.Where(d => d.After is not null))
            {
                fields[d.Field] = d.After!;
            }

            listed.Add(Listed(change.SourceId, change.ItemKey, change.Title, change.Url, fields));
        }
        else if (kind is not null && ProductSourceKinds.Contains(kind))
        {
            text = TextOf(change);
            if (kind is FederalRegisterSource.KindName or PublicInspectionSource.KindName)
            {
                listed.AddRange(await RuleEntitiesAsync(change, cancellationToken));
            }
        }
        else
        {
            return found;
        }

        var now = time.GetUtcNow();
        foreach (var list in await lists.AllAsync(cancellationToken))
        {
            var prepared = _prepared.TryGetValue(list.Id, out var p) && p.Generation == list.Generation && p.UpdatedAt == list.UpdatedAt
                ? p
                : Prepare(list, await lists.EntriesAsync(list, cancellationToken));
            var mine = listed.SelectMany(l => prepared.Counterparties.Screen(l.Party).Select(m => ToMatch(list.Id, prepared, m, l, "change", change.Id, now))).ToList();
            mine.AddRange(text is null ? [] : ProductMatcher.Find(text, prepared.Products).Select(h => new WatchlistMatch
                {
                    WatchlistId = list.Id,
                    EntryId = h.Entry.Id,
                    EntryType = h.Entry.Type,
                    EntryValue = h.Entry.Value,
                    Origin = "change",
                    ChangeId = change.Id,
                    SourceId = change.SourceId,
                    ItemKey = change.ItemKey,
                    Title = change.Title,
                    Url = change.Url,
                    MatchedName = h.Found,
                    Score = 1.0,
                    Tokens = [h.Found],
                    Method = h.How,
                    MatchedAt = now,
                }));
            if (mine.Count > 0)
            {
                var added = await matches.AddAsync(list.Id, mine, cancellationToken);
                LogMatched(logger, change.Id, list.Id, mine.Count, added);
                await AlertAsync(list, mine, now, cancellationToken);
                found.AddRange(mine);
            }
        }

        return found;
    }

    /// <summary>
    /// The entities a BIS rule adds to or revises on the Entity List, Unverified List or MEU List, read from the full text
    /// the Federal Register source fetched and kept as evidence (named in the change's <c>fulltext:sha256:</c> mark):
    /// screened against counterparties like a screening list entry, the rule's document as their origin. None when the
    /// change is not such a rule or its text was not fetched.
    /// </summary>
    public async Task<List<ListedEntry>> RuleEntitiesAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        const string Mark = "fulltext:sha256:";
        if (!EntityListRules.IsEntityRule(change.Title, null)
            || change.Matched.FirstOrDefault(m => m.StartsWith(Mark, StringComparison.Ordinal)) is not { } mark
            || await evidence.OpenAsync(mark[Mark.Length..], cancellationToken) is not { } stored)
        {
            return [];
        }

        string html;
        using (var reader = new StreamReader(stored.Content, Encoding.UTF8))
        {
            var buffer = new char[EntityListRules.MaxChars * 2];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken);
            html = new string(buffer, 0, read);
        }

        var entities = EntityListRules.Parse(SafeParsing.HtmlToText(html));
        LogRuleEntities(logger, change.Id, change.ItemKey, entities.Count);
        return [.. entities.Select((e, i) => new ListedEntry(change.SourceId, change.ItemKey, e.List, change.Title, change.Url,
            PreparedParty.Of(new Party($"{change.ItemKey}#{i + 1}", e.Name, e.Aliases, [e.Country]))))];
    }

    /// <summary>
    /// Each match of a change is its own alert to the watchlist's owner: inserted once (its id is deterministic in the
    /// watchlist and the stored match), then its dispatch enqueued. A change dispatched again finds the alerts there and
    /// enqueues nothing; an alert left pending by a crash is enqueued again by the reconciler.
    /// </summary>
    private async Task AlertAsync(Watchlist list, List<WatchlistMatch> found, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var m in found.DistinctBy(WatchlistMatchStore.RowKeyOf))
        {
            var alert = new MatchAlert
            {
                Id = MatchAlert.IdOf(list.Id, WatchlistMatchStore.RowKeyOf(m)),
                ChangeId = m.ChangeId!,
                TeamId = list.TeamId,
                SubscriberId = list.SubscriberId,
                WatchlistId = list.Id,
                WatchlistName = list.Name,
                EntryType = m.EntryType,
                EntryValue = m.EntryValue,
                List = m.List,
                MatchedName = m.MatchedName,
                Score = m.Score,
                Tokens = m.Tokens,
                Method = m.Method,
                Country = m.Country,
                CreatedAt = now,
            };
            if (await alerts.TryAddAsync(alert, cancellationToken))
            {
                await queues.SendAsync(StorageNames.DispatchQueue, new DispatchMessage(alert.Id), cancellationToken: cancellationToken);
            }
        }
    }

    private PreparedWatchlist Prepare(Watchlist list, IReadOnlyList<WatchlistEntry> entries)
    {
        var counterparties = entries.Where(e => e.IsCounterparty)
            .Select(e => PreparedParty.Of(new Party(e.Id, e.Value, e.Aliases, e.Country is null ? [] : [e.Country])));
        var prepared = new PreparedWatchlist(list.Generation, list.UpdatedAt, new NameIndex(Matcher, counterparties),
            [.. entries.Where(e => !e.IsCounterparty)], entries.ToDictionary(e => e.Id, StringComparer.Ordinal));
        _prepared[list.Id] = prepared;
        return prepared;
    }

    private static WatchlistMatch ToMatch(string watchlistId, PreparedWatchlist prepared, NameMatch m, ListedEntry listed, string origin, string? changeId, DateTimeOffset now)
    {
        var entry = prepared.ById[m.WatchedId];
        return new WatchlistMatch
        {
            WatchlistId = watchlistId,
            EntryId = entry.Id,
            EntryType = entry.Type,
            EntryValue = entry.Value,
            Origin = origin,
            ChangeId = changeId,
            SourceId = listed.SourceId,
            ItemKey = listed.ItemKey,
            Title = listed.Title,
            Url = listed.Url,
            List = listed.List,
            MatchedName = m.ListedName,
            Score = m.Score,
            Tokens = m.WatchedName != entry.Value ? [.. m.Tokens, "alias: " + m.WatchedName] : m.Tokens,
            Method = m.Method,
            Country = m.Country,
            MatchedAt = now,
        };
    }

    /// <summary>A screening list entry from its snapshot fields (name, alt_names and countries joined by "; ").</summary>
    public static ListedEntry Listed(string sourceId, string itemKey, string title, string? url, IReadOnlyDictionary<string, string> fields)
    {
        static List<string> Split(IReadOnlyDictionary<string, string> f, string key) =>
            f.TryGetValue(key, out var v) ? [.. v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [];

        var name = fields.TryGetValue("name", out var n) ? n : title;
        var party = PreparedParty.Of(new Party(itemKey, name, Split(fields, "alt_names"), Split(fields, "countries")));
        return new ListedEntry(sourceId, itemKey, fields.TryGetValue("list", out var l) ? l : "", title, url, party);
    }

    /// <summary>The text of a change that products are looked for in: title, summary, description, item key, references and the diff before and after.</summary>
    public static string TextOf(ChangeRecord change)
    {
        var sb = new StringBuilder();
        sb.AppendLine(change.Title).AppendLine(change.ItemKey).AppendLine(change.Summary).AppendLine(change.Description);
        foreach (var r in change.References)
        {
            sb.AppendLine(r);
        }

        foreach (var d in change.Diff)
        {
            sb.AppendLine(d.Before).AppendLine(d.After);
        }

        return sb.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId}: the rule {DocumentNumber} names {Count} Entity List, Unverified List or MEU entries, screened against counterparties")]
    private static partial void LogRuleEntities(ILogger logger, string changeId, string documentNumber, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId} matched {Count} entries of watchlist {WatchlistId} ({Added} new)")]
    private static partial void LogMatched(ILogger logger, string changeId, string watchlistId, int count, int added);

    private sealed record PreparedWatchlist(int Generation, DateTimeOffset UpdatedAt, NameIndex Counterparties, IReadOnlyList<WatchlistEntry> Products,
        IReadOnlyDictionary<string, WatchlistEntry> ById);
}
