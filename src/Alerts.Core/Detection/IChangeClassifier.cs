namespace Alerts.Core.Detection;

/// <summary>Classifies a change; deterministic and explainable.</summary>
public interface IChangeClassifier
{
    Classification Classify(ClassificationInput input);
}
