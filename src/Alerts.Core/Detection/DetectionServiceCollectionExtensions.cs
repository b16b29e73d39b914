using Alerts.Core.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerts.Core.Detection;

public static class DetectionServiceCollectionExtensions
{
    /// <summary>Snapshots, stories and the classifier (with its dictionary option).</summary>
    public static IServiceCollection AddDetection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<IKnownItems>(sp => sp.GetRequiredService<SnapshotStore>());
        services.AddSingleton<StoryIndex>();
        services.AddOptions<ClassifierOptions>().BindSettings(configuration, ClassifierOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton<IChangeClassifier, DictionaryClassifier>();
        return services;
    }
}
