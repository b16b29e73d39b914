namespace Alerts.Core.Watchlists;

/// <summary>How two names compare: the score and the tokens that made it (e.g. "huawei", "fazal~fazel", "CETC=c.e.t.c", "华为").</summary>
public sealed record NameScore(double Score, IReadOnlyList<string> Tokens, string Method);
