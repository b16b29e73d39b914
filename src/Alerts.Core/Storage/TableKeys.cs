namespace Alerts.Core.Storage;

/// <summary>
/// Encodes values for PartitionKey and RowKey: '/', '\', '#', '?', '%' and control characters are percent-escaped,
/// so any item key or user input is a valid, reversible key; a key over 512 characters is replaced by its hash.
/// </summary>
public static class TableKeys
{
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Length <= 512 ? sb.ToString() : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    public static string Decode(string key) => Uri.UnescapeDataString(key);
}
