namespace Alerts.Core.Sources.Feeds;

/// <summary>Link normalization shared by feeds and pages: absolute, fragment-free, without tracking or session parameters.</summary>
public static class Links
{
    private static readonly HashSet<string> DroppedParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid", "li_fat_id",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid",
        "ns_mchannel", "ns_campaign", "ns_source", "ns_linkname", "ns_fee",
        "jsessionid", "phpsessid", "sessionid", "sid", "aspsessionid", "cfid", "cftoken",
    };

    /// <summary>True for a query parameter that only tracks the reader (utm_*, fbclid, gclid, ...) or carries a session.</summary>
    public static bool IsTrackingParameter(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || DroppedParameters.Contains(name);

    /// <summary>
    /// Resolves <paramref name="link"/> against <paramref name="baseUri"/> and removes tracking and session parameters,
    /// ";jsessionid=" path parameters and the fragment. Returns null for an empty link or one that is not http(s).
    /// </summary>
    public static string? Normalize(string? link, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }

        var trimmed = link.Trim();
        Uri? uri;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https"))
        {
            if (baseUri is null || !Uri.TryCreate(baseUri, trimmed, out uri))
            {
                return null;
            }
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var path = uri.AbsolutePath;
        var semicolon = path.IndexOf(";jsessionid=", StringComparison.OrdinalIgnoreCase);
        if (semicolon >= 0)
        {
            path = path[..semicolon];
        }

        var query = uri.Query.TrimStart('?');
        var kept = new StringBuilder(query.Length);
        if (query.Length > 0)
        {
            foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
                if (IsTrackingParameter(name))
                {
                    continue;
                }

                kept.Append(kept.Length == 0 ? "?" : "&").Append(part);
            }
        }

        var authority = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return uri.Scheme + "://" + authority.ToLowerInvariant() + path + kept;
    }

    /// <summary>An item key: the value itself when short, else its hash (row keys have a size limit).</summary>
    public static string Key(string value) =>
        value.Length <= 300 ? value : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A key derived from text (an entry without a link): the hash of the text.</summary>
    public static string TextKey(string prefix, string text) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
