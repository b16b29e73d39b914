namespace Alerts.Core.Storage;

/// <summary>Table, queue and container names: one place, with the configured prefix.</summary>
public static class StorageNames
{
    public const string Changes = "changes";
    public const string Snapshots = "snapshots";
    public const string Sources = "sources";
    public const string Subscribers = "subscribers";
    public const string Webhooks = "webhooks";
    public const string Deliveries = "deliveries";
    public const string ApiKeys = "apikeys";
    public const string AccessLog = "accesslog";
    public const string OperatorAlerts = "operatoralerts";
    public const string Stories = "stories";
    public const string GitHubTargets = "githubtargets";
    public const string TeamNotices = "teamnotices";
    public const string JobRuns = "jobruns";
    public const string Watchlists = "watchlists";
    public const string WatchlistMatches = "watchmatches";
    public const string RateLimits = "ratelimits";
    public const string Deadlines = "deadlines";
    public const string Reminders = "reminders";
    public const string MatchAlerts = "matchalerts";
    public const string Leases = "leases";
    public const string VerifyJobs = "verifyjobs";

    public const string PollQueue = "poll";
    public const string DispatchQueue = "dispatch";
    public const string DeliverQueue = "deliver";
    public const string VerifyQueue = "verify";

    public const string EvidenceContainer = "evidence";

    public static readonly string[] AllTables =
    [
        Changes, Snapshots, Sources, Subscribers, Webhooks, Deliveries, ApiKeys, AccessLog, OperatorAlerts, Stories, GitHubTargets, TeamNotices, JobRuns, Watchlists,
        WatchlistMatches, RateLimits, Deadlines, Reminders, MatchAlerts, Leases, VerifyJobs
    ];
    public static readonly string[] AllQueues = [PollQueue, DispatchQueue, DeliverQueue, VerifyQueue];

    /// <summary>Where the Functions host (and the self-host's pump) moves a message after its last failed try.</summary>
    public static string Poison(string queue) => queue + "-poison";
}
