using System.Xml;

namespace Alerts.Core.ChangeLog;

/// <summary>The Atom document of GET /api/changes.atom: one entry per change, newest first, links under the public base URL.</summary>
internal static class ChangeAtomFeed
{
    public static async Task<byte[]> WriteAsync(IReadOnlyList<ChangeRecord> items, string baseUrl)
    {
        using var ms = new MemoryStream();
        await using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false), Indent = true }))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            await w.WriteStartDocumentAsync();
            await w.WriteStartElementAsync(null, "feed", ns);
            await w.WriteElementStringAsync(null, "id", ns, "urn:export-policy-alerts:changes");
            await w.WriteElementStringAsync(null, "title", ns, "Export-policy changes");
            var updated = items.Count > 0 ? items.Max(c => c.DetectedAt) : DateTimeOffset.UnixEpoch;
            await w.WriteElementStringAsync(null, "updated", ns, updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            await WriteLinkAsync(w, ns, "self", baseUrl + "/api/changes.atom", "application/atom+xml");
            foreach (var c in items)
            {
                await w.WriteStartElementAsync(null, "entry", ns);
                await w.WriteElementStringAsync(null, "id", ns, "urn:export-policy-alerts:change:" + c.Id);
                await w.WriteElementStringAsync(null, "title", ns, Clean(c.Title));
                await w.WriteElementStringAsync(null, "updated", ns, c.DetectedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                if (c.PublishedAt is { } p)
                {
                    await w.WriteElementStringAsync(null, "published", ns, p.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }

                await w.WriteStartElementAsync(null, "author", ns);
                await w.WriteElementStringAsync(null, "name", ns, Clean(c.SourceId));
                await w.WriteEndElementAsync();
                if (c.Url is { Length: > 0 } url)
                {
                    await WriteLinkAsync(w, ns, "alternate", url, null);
                }

                await WriteLinkAsync(w, ns, "related", baseUrl + "/api/changes/" + Uri.EscapeDataString(c.Id), "application/json");
                foreach (var term in c.Topics.Prepend(c.Severity.ToWire()).Prepend(c.Jurisdiction))
                {
                    await w.WriteStartElementAsync(null, "category", ns);
                    await w.WriteAttributeStringAsync(null, "term", null, Clean(term));
                    await w.WriteEndElementAsync();
                }

                await w.WriteStartElementAsync(null, "summary", ns);
                await w.WriteAttributeStringAsync(null, "type", null, "text");
                await w.WriteStringAsync(Clean($"[{c.Severity.ToWire()}] {c.ChangeType.ToWire()}: {c.Summary ?? c.Title}"));
                await w.WriteEndElementAsync();
                await w.WriteEndElementAsync();
            }

            await w.WriteEndElementAsync();
            await w.WriteEndDocumentAsync();
        }

        return ms.ToArray();
    }

    private static async Task WriteLinkAsync(XmlWriter w, string ns, string rel, string href, string? type)
    {
        await w.WriteStartElementAsync(null, "link", ns);
        await w.WriteAttributeStringAsync(null, "rel", null, rel);
        await w.WriteAttributeStringAsync(null, "href", null, Clean(href));
        if (type is not null)
        {
            await w.WriteAttributeStringAsync(null, "type", null, type);
        }

        await w.WriteEndElementAsync();
    }

    /// <summary>XML 1.0 cannot carry most control characters: drop them.</summary>
    private static string Clean(string s) => s.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r') || char.IsSurrogate(c))
        ? new string([.. s.Where(c => !(char.IsControl(c) && c is not ('\t' or '\n' or '\r')) && !char.IsSurrogate(c))])
        : s;
}
