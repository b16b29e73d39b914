namespace Alerts.Core.Watchlists;

/// <summary>The limits of a watchlist's fields (documented in docs/watchlists.md).</summary>
public static partial class WatchlistLimits
{
    public const int MaxName = 200;
    public const int MaxDescription = 1000;
    public const int MaxValue = 300;
    public const int MaxAliases = 20;
    public const int MaxAddress = 500;
    public const int MaxReference = 200;
    public const int MaxCountry = 60;

    /// <summary>
    /// Checks and normalises one entry. Returns the entry or an error naming the field; <paramref name="where"/> names the
    /// row or array index in the message.
    /// </summary>
    public static (WatchlistEntry? Entry, string? Error) Validate(string where, string id, string? type, string? value, IEnumerable<string>? aliases, string? country,
        string? address, string? reference)
    {
        var t = (type ?? "").Trim().ToLowerInvariant();
        if (!EntryTypes.All.Contains(t))
        {
            return (null, $"{where}: type must be one of {string.Join(", ", EntryTypes.All)} (got '{Clip(type)}').");
        }

        var v = Fold(value);
        if (v.Length == 0)
        {
            return (null, $"{where}: {(t == EntryTypes.Counterparty ? "name" : "value")} is empty.");
        }

        if (v.Length > MaxValue)
        {
            return (null, $"{where}: value may be at most {MaxValue} characters (got {v.Length}).");
        }

        if (FirstControl(v) is { } bad)
        {
            return (null, $"{where}: value holds a control character (U+{(int)bad:X4}).");
        }

        switch (t)
        {
            case EntryTypes.Eccn:
                if (!EccnPattern().IsMatch(v))
                {
                    return (null, $"{where}: '{Clip(v)}' is not an ECCN (like 3A090, 3A090.a, 4A994, 5A992.c or 3A001.z).");
                }

                v = ProductMatcher.NormalizeEccn(v);
                break;
            case EntryTypes.Hts:
                if (!HtsPattern().IsMatch(v))
                {
                    return (null, $"{where}: '{Clip(v)}' is not an HTS prefix (4 to 10 digits, dotted like 8542.31 or 8486).");
                }

                break;
        }

        var aliasList = (aliases ?? []).Select(Fold).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (aliasList.Count > 0 && t != EntryTypes.Counterparty)
        {
            return (null, $"{where}: only a counterparty has aliases.");
        }

        if (aliasList.Count > MaxAliases)
        {
            return (null, $"{where}: at most {MaxAliases} aliases (got {aliasList.Count}).");
        }

        if (aliasList.FirstOrDefault(a => a.Length > MaxValue || FirstControl(a) is not null) is { } longAlias)
        {
            return (null, $"{where}: alias '{Clip(longAlias)}' is longer than {MaxValue} characters or holds a control character.");
        }

        var c = Fold(country);
        var addr = Fold(address);
        var r = Fold(reference);
        if (c.Length > MaxCountry || addr.Length > MaxAddress || r.Length > MaxReference)
        {
            return (null, $"{where}: country, address and reference may be at most {MaxCountry}, {MaxAddress} and {MaxReference} characters.");
        }

        return (new WatchlistEntry
        {
            Id = id,
            Type = t,
            Value = v,
            Aliases = aliasList,
            Country = c.Length == 0 ? null : c,
            Address = addr.Length == 0 ? null : addr,
            Reference = r.Length == 0 ? null : r,
        }, null);
    }

    /// <summary>What makes two entries the same row (duplicates are refused): type and value, case and spacing aside.</summary>
    public static string DuplicateKey(WatchlistEntry e) => e.Type + "\n" + e.Value.ToUpperInvariant() + "\n" + (e.Country ?? "").ToUpperInvariant();

    private static string Fold(string? s) => WhiteSpace().Replace((s ?? "").Trim(), " ");

    private static char? FirstControl(string s)
    {
        foreach (var c in s)
        {
            if (char.IsControl(c))
            {
                return c;
            }
        }

        return null;
    }

    private static string Clip(string? s) => s is null ? "" : s.Length <= 60 ? s : s[..60] + "…";

    [GeneratedRegex(@"^[0-9][A-Ea-e][0-9]{3}(\.[A-Za-z0-9]{1,3})*$", RegexOptions.CultureInvariant)]
    private static partial Regex EccnPattern();

    [GeneratedRegex(@"^[0-9]{4}(\.?[0-9]{2}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex HtsPattern();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
