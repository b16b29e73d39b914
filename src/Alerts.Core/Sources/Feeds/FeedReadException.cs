namespace Alerts.Core.Sources.Feeds;

/// <summary>A feed that cannot be read at all (truncated, empty, not XML, not a feed, or refused: a DTD).</summary>
public sealed class FeedReadException(string message, Exception? inner = null) : Exception(message, inner);
