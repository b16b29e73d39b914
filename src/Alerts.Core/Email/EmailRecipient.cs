namespace Alerts.Core.Email;

/// <summary>One recipient of a request: address, per-recipient substitutions and custom args.</summary>
public sealed record EmailRecipient(string Email, IReadOnlyDictionary<string, string> Substitutions, IReadOnlyDictionary<string, string> CustomArgs, IReadOnlyDictionary<string, string> Headers);
