namespace Alerts.Core.Storage;

/// <summary>Enum columns of table rows, stored as their <see cref="WireWords"/> word.</summary>
public static class EntityWords
{
    /// <summary>
    /// The member whose word <paramref name="column"/> holds: <paramref name="absent"/> when the row has no such column; a word
    /// no member has is an <see cref="InvalidDataException"/> naming the row (<paramref name="rowKind"/>, its keys) and the word.
    /// </summary>
    public static TEnum GetWord<TEnum>(this TableEntity row, string column, TEnum absent, string rowKind) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.GetString(column) is not { } word ? absent
            : WireWords.TryParse<TEnum>(word, out var known) ? known
            : throw new InvalidDataException($"{rowKind} {row.PartitionKey}/{row.RowKey} has an unknown {column.ToLowerInvariant()} '{word}'.");
    }
}
