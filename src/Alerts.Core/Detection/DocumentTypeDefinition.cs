using System.ComponentModel.DataAnnotations;
using Alerts.Core.ChangeLog;

namespace Alerts.Core.Detection;

/// <summary>How a document type weighs.</summary>
public sealed record DocumentTypeDefinition
{
    [Range(0, 1)]
    public double Factor { get; init; } = 0.8;

    /// <summary>Base severity of a relevant document of this type.</summary>
    public Severity Severity { get; init; } = Severity.Medium;

    /// <summary>The document is itself law or binding action (rule, CFR text, official announcement).</summary>
    public bool Binding { get; init; }

    /// <summary>When set, the only topics a document of this type can have (an Entity List entry is entity-list, whatever its remarks say).</summary>
    public List<string>? Topics { get; init; }
}
