namespace Alerts.Core.Storage;

/// <summary>
/// The app settings the Functions queue triggers name in binding expressions (<c>%AlertsPollQueue%</c>). The Functions
/// host resolves them from app settings (local.settings.json when run locally), not from the worker's configuration, so
/// the deployment sets them to the prefixed names the senders use (<see cref="AlertsStorage.QueueName"/>) and the worker
/// refuses to start when they disagree with <c>Alerts:StoragePrefix</c>.
/// </summary>
public static class QueueBindings
{
    public const string PollSetting = "AlertsPollQueue";
    public const string DispatchSetting = "AlertsDispatchQueue";
    public const string DeliverSetting = "AlertsDeliverQueue";
    public const string VerifySetting = "AlertsVerifyQueue";

    public const string Poll = "%" + PollSetting + "%";
    public const string Dispatch = "%" + DispatchSetting + "%";
    public const string Deliver = "%" + DeliverSetting + "%";
    public const string Verify = "%" + VerifySetting + "%";

    /// <summary>The connection (app setting prefix) every queue trigger uses: the Functions host's own storage account.</summary>
    public const string Connection = "AzureWebJobsStorage";

    /// <summary>Setting name by queue (<see cref="StorageNames.AllQueues"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> SettingByQueue = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [StorageNames.PollQueue] = PollSetting,
        [StorageNames.DispatchQueue] = DispatchSetting,
        [StorageNames.DeliverQueue] = DeliverSetting,
        [StorageNames.VerifyQueue] = VerifySetting,
    };

    /// <summary>The settings (name, value) a deployment with this storage prefix sets.</summary>
    public static IReadOnlyDictionary<string, string> Settings(string prefix) =>
        SettingByQueue.ToDictionary(kv => kv.Value, kv => AlertsStorage.QueueName(prefix, kv.Key), StringComparer.Ordinal);

    /// <summary>Resolves <c>%Setting%</c> expressions in <paramref name="expression"/> the way the Functions host does, from <paramref name="settings"/>.</summary>
    public static string Resolve(string expression, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(settings);
        return System.Text.RegularExpressions.Regex.Replace(expression, "%([^%]+)%", m =>
            settings.TryGetValue(m.Groups[1].Value, out var v)
                ? v
                : throw new InvalidOperationException($"The binding expression {m.Value} does not resolve: app setting {m.Groups[1].Value} is not set."));
    }

    /// <summary>One line per queue setting that is missing or names another queue than the senders use; empty when all agree.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration, string prefix)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. Settings(prefix)
            .Where(kv => !string.Equals(configuration[kv.Key], kv.Value, StringComparison.Ordinal))
            .Select(kv => configuration[kv.Key] is { Length: > 0 } actual
                ? $"{kv.Key} is '{actual}' but Alerts:StoragePrefix '{prefix}' makes the queue '{kv.Value}': set {kv.Key}={kv.Value}."
                : $"{kv.Key} is not set: the queue trigger reads it; set {kv.Key}={kv.Value} (from Alerts:StoragePrefix '{prefix}').")];
    }
}
