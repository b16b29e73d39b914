using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>
/// Fetches one source: its adapter, given the stored cursor and validators, reads through a <see cref="SourceFetcher"/>
/// with the configured limits. A failure the source can cause (an error answer, a malformed document) is returned as one
/// line, never thrown; storage is not touched.
/// </summary>
public sealed class SourcePoller(IEnumerable<ISourceAdapter> adapters, IHttpClientFactory httpClientFactory, IOptions<AlertsOptions> options, TimeProvider time, SnapshotStore snapshots)
{
    /// <summary>The named HttpClient sources use.</summary>
    public const string HttpClientName = "sources";

    private readonly Dictionary<string, ISourceAdapter> _adapters = adapters.ToDictionary(a => a.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>Back-off and limits for source requests (tests shorten them).</summary>
    public FetchLimits Limits { get; set; } = new()
    {
        MaxResponseBytes = options.Value.MaxResponseBytes,
        Timeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds),
    };

    /// <summary>Fetches <paramref name="source"/> from its stored <paramref name="state"/> (cursor, validators); throws only when no adapter serves its kind or on cancellation.</summary>
    public async Task<SourceFetch> FetchAsync(SourceDefinition source, SourceState state, CancellationToken cancellationToken = default)
    {
        if (!_adapters.TryGetValue(source.Kind, out var adapter))
        {
            throw new InvalidOperationException($"Source {source.Id} has kind '{source.Kind}', which no adapter serves.");
        }

        var validators = new Dictionary<string, Validators>(state.Validators, StringComparer.Ordinal);
        var fetcher = new SourceFetcher(httpClientFactory.CreateClient(HttpClientName), source, validators, Limits, time, options.Value.UserAgent);
        try
        {
            var result = await adapter.FetchAsync(new SourceContext(source, state.Cursor, fetcher, time, KnownStagesAsync), cancellationToken);
            // Validators are kept only for the URLs this poll asked for, so a source whose URLs change (a dated page, a
            // moved feed) keeps a state of the size of one poll instead of one entry per URL it ever read.
            var kept = new Dictionary<string, Validators>(validators.Where(v => fetcher.RequestedKeys.Contains(v.Key)), StringComparer.Ordinal);
            var pruned = kept.Count < validators.Count;
            return new SourceFetch(result, null, fetcher.RequestCount, kept, fetcher.ValidatorsChanged || pruned, fetcher.Documents.LastOrDefault());
        }
        catch (Exception ex) when (ex is SourceException or System.Xml.XmlException or System.Text.Json.JsonException or FormatException or InvalidDataException
            or System.Text.DecoderFallbackException)
        {
            var message = ex is SourceException ? ex.Message : $"{source.Id}: {ex.Message}";
            return new SourceFetch(null, message, fetcher.RequestCount, validators, fetcher.ValidatorsChanged, null);
        }

        async Task<IReadOnlyDictionary<string, int>> KnownStagesAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
            (await snapshots.ReadManyAsync(source.Scope, keys, ct)).Where(s => !s.Value.Removed).ToDictionary(s => s.Key, s => s.Value.Stage, StringComparer.Ordinal);
    }
}
