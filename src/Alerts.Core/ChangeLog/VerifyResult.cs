namespace Alerts.Core.ChangeLog;

/// <summary>The outcome of a verification: how far the chain holds, and the first entry that does not.</summary>
public sealed record VerifyResult(bool Ok, long Checked, long HeadSequence, string HeadHash, long? FirstBadSequence, string? FirstBadChangeId, string? Problem)
{
    /// <summary>Evidence and anchor problems (at most 100), in sequence order.</summary>
    public IReadOnlyList<VerifyFinding> Findings { get; init; } = [];

    /// <summary>Distinct evidence blobs read and hashed.</summary>
    public int EvidenceChecked { get; init; }

    /// <summary>Published anchors compared with the chain (null: anchors were not checked).</summary>
    public int? AnchorsChecked { get; init; }

    /// <summary>The first sequence checked (1: the whole chain).</summary>
    public long From { get; init; } = 1;

    public string Describe() => Ok
        ? $"The change log is intact{(From > 1 ? $" from sequence {From}" : "")}: {Checked} entries, head {HeadSequence} {HeadHash}"
          + (EvidenceChecked > 0 ? $", {EvidenceChecked} evidence blobs match their hashes" : "")
          + (AnchorsChecked is { } a ? $", agrees with {a} published anchors" : "") + "."
        : $"The change log is broken at sequence {FirstBadSequence}{(FirstBadChangeId is null ? "" : $" ({FirstBadChangeId})")}: {Problem}";
}
