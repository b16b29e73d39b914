using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// Decides whether what a complete-snapshot source answered is plausible before any removal is recorded: an upstream
/// that suddenly returns nothing, a header-only or truncated file, or a large drop in entries is held as a suspect fetch
/// (a source failure naming the reason) until the same content comes again or an operator confirms it.
/// Per-source setting <c>maxDropPercent</c> (default <see cref="DefaultMaxDropPercent"/>): a poll that would remove more
/// than this share of the live entries at once is suspect. Removing every entry is always suspect, whatever the setting.
/// </summary>
public static class SuspectFetch
{
    /// <summary>Default share of live entries (percent) a single poll may remove before it is held as suspect.</summary>
    public const int DefaultMaxDropPercent = 20;

    /// <summary>The source setting that changes <see cref="DefaultMaxDropPercent"/> (0 to 100).</summary>
    public const string MaxDropPercentSetting = "maxDropPercent";

    /// <summary>Why a fetch that would remove <paramref name="removed"/> of <paramref name="live"/> entries is implausible, or null when it is plausible.</summary>
    public static string? Reason(SourceDefinition source, int fetched, int live, int removed)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (live == 0 || removed == 0)
        {
            return null;
        }

        if (fetched == 0)
        {
            return $"{source.Id}: the source answered with no entries at all (an empty or header-only document) where {live} were recorded; held as a suspect fetch, nothing recorded";
        }

        if (removed >= live)
        {
            return $"{source.Id}: the answer would remove every one of the {live} recorded entries; held as a suspect fetch, nothing recorded";
        }

        var limit = Math.Clamp(source.IntSetting(MaxDropPercentSetting, DefaultMaxDropPercent), 0, 100);
        var percent = 100.0 * removed / live;
        return percent > limit
            ? string.Create(CultureInfo.InvariantCulture,
                $"{source.Id}: the answer would remove {removed} of {live} recorded entries ({percent:0.#}%, over the {limit}% limit of setting {MaxDropPercentSetting}): " +
                $"a truncated or partial document? held as a suspect fetch, nothing recorded")
            : null;
    }

    /// <summary>A hash of what a fetch holds (item keys and content versions, order aside): the same content again gives the same hash.</summary>
    public static string Fingerprint(IEnumerable<(string ItemKey, string Version)> items)
    {
        var sb = new StringBuilder();
        foreach (var (key, version) in items.OrderBy(i => i.ItemKey, StringComparer.Ordinal))
        {
            sb.Append(key).Append('\u001f').Append(version).Append('\u001e');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }
}
