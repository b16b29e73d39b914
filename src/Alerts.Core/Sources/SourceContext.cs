namespace Alerts.Core.Sources;

/// <summary>
/// What an adapter gets for one poll. <paramref name="KnownStages"/>, when given, answers which of some item keys are
/// already recorded and at which stage (an adapter spends extra requests, such as a full text, only on new items).
/// </summary>
public sealed record SourceContext(SourceDefinition Source, string? Cursor, SourceFetcher Http, TimeProvider Time,
    Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, int>>>? KnownStages = null);
