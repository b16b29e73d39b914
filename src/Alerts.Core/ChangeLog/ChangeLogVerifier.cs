using Azure.Data.Tables;

namespace Alerts.Core.ChangeLog;

/// <summary>The outcome of a verification: how far the chain holds, and the first entry that does not.</summary>
public sealed record VerifyResult(bool Ok, long Checked, long HeadSequence, string HeadHash, long? FirstBadSequence, string? FirstBadChangeId, string? Problem)
{
    public string Describe() => Ok
        ? $"The change log is intact: {Checked} entries, head {HeadSequence} {HeadHash}."
        : $"The change log is broken at sequence {FirstBadSequence}{(FirstBadChangeId is null ? "" : $" ({FirstBadChangeId})")}: {Problem}";
}

/// <summary>Recomputes the chain: gap-free sequence, each entry's hash over its canonical content, each link to the previous hash, the query columns against the content, and the head.</summary>
public sealed class ChangeLogVerifier(ChangeLogStore store)
{
    public async Task<VerifyResult> VerifyAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var expected = 1L;
        var previousHash = ChangeLogStore.Genesis;
        await foreach (var e in store.ScanEntriesAsync(cancellationToken))
        {
            var problem = Check(e, expected, previousHash, out var record);
            if (problem is not null)
            {
                return new VerifyResult(false, expected - 1, 0, previousHash, expected, record?.Id ?? e.GetString("ChangeId"), problem);
            }

            previousHash = record!.Hash!;
            expected++;
            if (expected % 1000 == 0)
            {
                progress?.Report(expected - 1);
            }
        }

        var head = await store.ReadHeadAsync(cancellationToken);
        var last = expected - 1;
        if ((head?.Sequence ?? 0) != last || (head?.Hash ?? ChangeLogStore.Genesis) != previousHash)
        {
            return new VerifyResult(false, last, head?.Sequence ?? 0, head?.Hash ?? "", last + 1, null,
                $"the chain head says sequence {head?.Sequence ?? 0} with hash {head?.Hash}, but the entries end at {last} with hash {previousHash} (an entry was removed or the head was edited)");
        }

        return new VerifyResult(true, last, last, previousHash, null, null, null);
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

        if (e.GetString("ChangeId") != record.Id || e.GetString("SourceId") != record.SourceId || e.GetString("Severity") != record.Severity
            || e.GetString("Jurisdiction") != record.Jurisdiction || e.GetString("Topics") != ChangeLogStore.TopicsColumn(record.Topics)
            || e.GetDateTimeOffset("DetectedAt") != record.DetectedAt || (e.GetString("StoryId") ?? "") != (record.StoryId ?? ""))
        {
            return "a query column (id, source, severity, jurisdiction, topics, detection time or story) differs from the hashed content";
        }

        return null;
    }
}
