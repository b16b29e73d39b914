namespace Alerts.Core.Webhooks;

/// <summary>The guard's answer: allowed with the checked addresses, or refused with a reason a person can act on.</summary>
public sealed record GuardDecision(bool Allowed, string? Reason, IReadOnlyList<IPAddress> Addresses)
{
    public static GuardDecision Refuse(string reason) => new(false, reason, []);
}
