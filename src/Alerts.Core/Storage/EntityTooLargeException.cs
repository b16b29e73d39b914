namespace Alerts.Core.Storage;

/// <summary>A value too large for one Table Storage entity even compressed: the record that holds it cannot be stored.</summary>
public sealed class EntityTooLargeException(string message) : InvalidOperationException(message);
