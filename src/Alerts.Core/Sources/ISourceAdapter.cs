namespace Alerts.Core.Sources;

/// <summary>Turns fetched documents of one kind of source into items.</summary>
public interface ISourceAdapter
{
    /// <summary>The catalog kind this adapter serves (federal-register, feed, page, ...).</summary>
    string Kind { get; }

    Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default);
}
