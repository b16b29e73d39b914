namespace Alerts.Core.GitHub;

/// <summary>What a GitHub client is for; each use has its own HTTP handler pipeline (<see cref="GitHubServiceCollectionExtensions"/>).</summary>
public enum GitHubUse
{
    /// <summary>The github source kind: reads only.</summary>
    Source,

    /// <summary>The issue channel: no automatic retries, so an issue or comment is never posted twice by a retried request.</summary>
    Issues,

    /// <summary>Anchoring: retried (a retried PUT that had landed meets a moved sha, and publishing reads again).</summary>
    Anchors,
}
