using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.Web.Features.Supervision;

public static class SupervisionServiceCollectionExtensions
{
    public static IServiceCollection AddSupervision(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SupervisionOptions>(configuration.GetSection(SupervisionOptions.SectionName));
        services.Configure<SupervisionSettings>(configuration.GetSection(SupervisionOptions.SectionName + ":Thresholds"));
        services.Configure<EscalationSettings>(configuration.GetSection(SupervisionOptions.SectionName + ":Escalation"));
        services.AddScoped<Notices.NoticeEscalator>();
        services.AddSingleton<SupervisionSignals>();
        services.AddScoped<LeaseKeeper>();
        services.AddHostedService<SupervisionWorker>();
        return services;
    }
}
