using Alerts.Core.ChangeLog;

namespace Alerts.Core.Polling;

/// <summary>
/// What recording a fetch did: the changes newly appended, the storage writes made, and whether it was the source's
/// baseline. <see cref="SuspectReason"/> set: the fetch was implausible and held (nothing written); <see cref="Fingerprint"/>
/// is its content hash, which the next poll compares. <see cref="Skipped"/>: items that could not be stored, each with why.
/// </summary>
public sealed record RecordedChanges(IReadOnlyList<ChangeRecord> Recorded, int Writes, bool Baseline)
{
    public static readonly RecordedChanges None = new([], 0, false);

    /// <summary>Why the fetch was held as suspect (nothing recorded), or null.</summary>
    public string? SuspectReason { get; init; }

    /// <summary>The content hash of a suspect fetch.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>Items skipped because they could not be stored even after being cut to the limits: "key: reason".</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}
