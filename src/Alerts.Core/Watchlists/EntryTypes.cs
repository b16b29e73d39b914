namespace Alerts.Core.Watchlists;

/// <summary>Kinds of watchlist entries: a counterparty, or a product by ECCN, HTS prefix or free term.</summary>
public static class EntryTypes
{
    public const string Counterparty = "counterparty";
    public const string Eccn = "eccn";
    public const string Hts = "hts";
    public const string Term = "term";

    public static readonly string[] All = [Counterparty, Eccn, Hts, Term];
}
