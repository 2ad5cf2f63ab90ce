namespace ReformTracker.Web.Features;

public static class FeatureServiceCollectionExtensions
{
    /// <summary>Registers every use case's nested <c>Handler</c> class (one per file in Features/) as scoped.</summary>
    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        var handlers = typeof(FeatureServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: true, Name: "Handler" }
                && t.Namespace?.StartsWith(typeof(FeatureServiceCollectionExtensions).Namespace!, StringComparison.Ordinal) == true);
        foreach (var handler in handlers)
        {
            services.AddScoped(handler);
        }

        return services;
    }
}
