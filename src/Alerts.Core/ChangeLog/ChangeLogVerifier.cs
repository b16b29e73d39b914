namespace Alerts.Core.ChangeLog;

/// <summary>
/// Recomputes the chain: gap-free sequence, each entry's hash over its canonical content, each link to the previous
/// hash, the query columns against the content, and the head; then each change's evidence blob against its recorded
/// SHA-256, and the chain against published anchors (a history rewritten consistently still disagrees with them).
/// </summary>
public sealed class ChangeLogVerifier(ChangeLogStore store, EvidenceStore evidence)
{
    private const int MaxFindings = 100;

    public Task<VerifyResult> VerifyAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(new VerifyOptions(), progress, cancellationToken);

    public async Task<VerifyResult> VerifyAsync(VerifyOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var from = Math.Max(1, options.From);
        var expected = from;
        var previousHash = ChangeLogStore.Genesis;
        if (from > 1)
        {
            var before = await store.GetAsync(from - 1, cancellationToken);
            if (before is null)
            {
                var headNow = await store.ReadHeadAsync(cancellationToken);
                return new VerifyResult(false, 0, headNow?.Sequence ?? 0, headNow?.Hash ?? "", from - 1, null,
                    $"entry {from - 1}, where the check starts, is missing (the log ends at {headNow?.Sequence ?? 0}, or an entry was removed)") { From = from };
            }

            previousHash = before.Hash ?? "";
        }

        var findings = new List<VerifyFinding>();
        var blobs = new Dictionary<string, string?>(StringComparer.Ordinal); // sha -> problem (null: fine)
        var anchors = options.Anchors?.GroupBy(a => a.Sequence).ToDictionary(g => g.Key, g => g.ToList());
        VerifyResult? broken = null;
        await foreach (var e in store.ScanEntriesAsync(from, cancellationToken))
        {
            var problem = Check(e, expected, previousHash, out var record);
            if (problem is not null)
            {
                broken = new VerifyResult(false, expected - from, 0, previousHash, expected, record?.Id ?? e.GetString("ChangeId"), problem);
                break;
            }

            if (anchors is not null && anchors.TryGetValue(expected, out var published))
            {
                foreach (var a in published.Where(a => !string.Equals(a.Hash, record!.Hash, StringComparison.Ordinal)))
                {
                    Add(findings, new VerifyFinding("anchor", expected, record!.Id,
                        $"the anchor published at {a.At:O} says sequence {a.Sequence} has hash {a.Hash}, but the log has {record.Hash} (the history was rewritten at or before this entry)"));
                }
            }

            if (options.Evidence && record!.Evidence is { ContentSha256: { Length: > 0 } sha })
            {
                if (!blobs.TryGetValue(sha, out var blobProblem))
                {
                    blobProblem = await evidence.CheckAsync(sha, cancellationToken);
                    blobs[sha] = blobProblem;
                }

                if (blobProblem is not null)
                {
                    Add(findings, new VerifyFinding("evidence", expected, record.Id, blobProblem));
                }
            }

            previousHash = record!.Hash!;
            expected++;
            if (expected % 1000 == 0)
            {
                progress?.Report(expected - 1);
            }
        }

        var last = expected - 1;
        if (broken is null)
        {
            var head = await store.ReadHeadAsync(cancellationToken);
            if ((head?.Sequence ?? 0) != last || (head?.Hash ?? ChangeLogStore.Genesis) != previousHash)
            {
                broken = new VerifyResult(false, last - from + 1, head?.Sequence ?? 0, head?.Hash ?? "", last + 1, null,
                    $"the chain head says sequence {head?.Sequence ?? 0} with hash {head?.Hash}, but the entries end at {last} with hash {previousHash} (an entry was removed or the head was edited)");
            }
        }

        if (broken is null && options.Anchors is not null)
        {
            foreach (var a in options.Anchors.Where(a => a.Sequence > last).OrderBy(a => a.Sequence))
            {
                Add(findings, new VerifyFinding("anchor", a.Sequence, null,
                    $"the anchor published at {a.At:O} says the log reached sequence {a.Sequence}, but it ends at {last} (entries were removed)"));
            }
        }

        findings.Sort((x, y) => x.Sequence.CompareTo(y.Sequence));
        var evidenceChecked = blobs.Count;
        var anchorsChecked = options.Anchors?.Count;
        if (broken is not null)
        {
            // Report the earliest problem: a finding before the break comes first.
            if (findings.Count > 0 && findings[0].Sequence < broken.FirstBadSequence)
            {
                var f = findings[0];
                broken = broken with { FirstBadSequence = f.Sequence, FirstBadChangeId = f.ChangeId, Problem = f.Problem + $"; also: entry {broken.FirstBadSequence}: {broken.Problem}" };
            }

            return broken with { Findings = findings, EvidenceChecked = evidenceChecked, AnchorsChecked = anchorsChecked, From = from };
        }

        if (findings.Count > 0)
        {
            var f = findings[0];
            return new VerifyResult(false, last - from + 1, last, previousHash, f.Sequence, f.ChangeId, f.Problem)
            {
                From = from,
                Findings = findings,
                EvidenceChecked = evidenceChecked,
                AnchorsChecked = anchorsChecked,
            };
        }

        return new VerifyResult(true, last - from + 1, last, previousHash, null, null, null) { EvidenceChecked = evidenceChecked, AnchorsChecked = anchorsChecked, From = from };
    }

    private static void Add(List<VerifyFinding> findings, VerifyFinding f)
    {
        if (findings.Count < MaxFindings)
        {
            findings.Add(f);
        }
    }

    private static string? Check(TableEntity e, long expected, string previousHash, out ChangeRecord? record)
    {
        record = null;
        if (e.RowKey != ChangeLogStore.EntryRow(expected))
        {
            return $"expected entry {expected} but found row {e.RowKey} (a gap or an inserted row)";
        }

        byte[] body;
        try
        {
            body = ChangeLogStore.BodyBytes(e);
            record = ChangeRecord.FromCanonical(body) with { Hash = e.GetString("Hash") };
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException or FormatException)
        {
            return $"the entry's content cannot be read ({ex.Message})";
        }

        var actual = ChangeRecord.HashOf(body);
        if (actual != record.Hash)
        {
            return $"its content hashes to {actual} but the stored hash is {record.Hash} (the content or the hash was edited)";
        }

        if (record.Sequence != expected)
        {
            return $"its content says sequence {record.Sequence}";
        }

        if (record.PreviousHash != previousHash)
        {
            return $"it links to previous hash {record.PreviousHash} but entry {expected - 1} has hash {previousHash}";
        }

        if (e.GetString("ChangeId") != record.Id || e.GetString("SourceId") != record.SourceId || e.GetString("Severity") != record.Severity.ToWire()
            || e.GetString("Jurisdiction") != record.Jurisdiction || e.GetString("Topics") != ChangeLogStore.TopicsColumn(record.Topics)
            || e.GetDateTimeOffset("DetectedAt") != record.DetectedAt || (e.GetString("StoryId") ?? "") != (record.StoryId ?? ""))
        {
            return "a query column (id, source, severity, jurisdiction, topics, detection time or story) differs from the hashed content";
        }

        return null;
    }
}
