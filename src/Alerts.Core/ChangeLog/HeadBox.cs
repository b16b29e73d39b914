namespace Alerts.Core.ChangeLog;

/// <summary>The cached head, as one reference.</summary>
internal sealed record HeadBox(ChainHead Head);
