using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using FluentValidation;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Evidence;

namespace ReformTracker.Web.Infrastructure;

public static class WebServiceCollectionExtensions
{
    public static readonly CultureInfo[] SupportedCultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddReformTrackerWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<RefreshingCache>();
        services.Configure<Features.Dashboard.LeaderDashboard.CacheOptions>(configuration.GetSection(Features.Dashboard.LeaderDashboard.CacheOptions.SectionName));
        services.Configure<Features.Ranking.RankingBoardCache.Options>(configuration.GetSection(Features.Ranking.RankingBoardCache.Options.SectionName));
        services.AddSingleton<Features.Ranking.RankingBoardCache>();
        services.AddSingleton<Features.Tasks.TaskList.PageCache>();
        services.AddSingleton(sp => new DistrictClock(sp.GetRequiredService<TimeProvider>(), DistrictClock.FindZone(configuration["District:TimeZone"])));
        services.AddSingleton(new ReportingCalendar(configuration.GetValue("Reporting:CutOffDay", ReportingCalendar.DefaultCutOffDay)));

        // Razor would otherwise write every Chinese character as &#x…;.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            // Chinese first: the browser's language does not switch it, only an explicit choice does.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddSingleton<IConfigureOptions<MvcOptions>, ModelBindingMessages>();
        services
            .AddControllersWithViews(o =>
            {
                o.Filters.Add<ValidationFilter>();
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add<Security.PasswordChangeRequiredFilter>();
                o.Filters.Add<Security.AuditForbiddenResultsFilter>();
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddRazorOptions(o =>
            {
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            })
            .AddViewLocalization()
            .ConfigureApplicationPartManager(m => m.FeatureProviders.Add(
                new Features.Benchmark.BenchmarkControllerGate(configuration.GetValue<bool>(Features.Benchmark.BenchmarkOptions.SectionName + ":Enabled"))));

        ValidatorOptions.Global.LanguageManager.Culture = new CultureInfo("zh-CN");
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddEvidenceStorage(configuration);
        services.AddHealthChecks().AddDbContextCheck<Data.AppDbContext>("database");
        return services;
    }
}
