using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ReformTracker.Web.Data;
using ReformTracker.Web.Features;
using ReformTracker.Web.Features.Notifications;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services));

builder.Services
    .AddAppDatabase(builder.Configuration, builder.Environment)
    .AddReformTrackerSecurity(builder.Configuration, builder.Environment)
    .AddReformTrackerWeb(builder.Configuration)
    .AddFeatureHandlers()
    .AddSupervision(builder.Configuration)
    .AddNotifications(builder.Configuration);
builder.Services.AddHsts(o =>
{
    o.MaxAge = TimeSpan.FromDays(365);
    o.IncludeSubDomains = true;
});

var app = builder.Build();

if (await AdminCommands.TryRunAsync(app, args) || await BenchmarkCommands.TryRunAsync(app, args))
{
    return;
}

app.UseMiddleware<SecurityHeaders>();
if (app.Environment.IsProduction())
{
    app.UseHsts();
}

app.UseExceptionHandler("/error/500");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseSerilogRequestLogging();
app.UseRequestLocalization();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapControllers();

await app.Services.InitialiseDatabaseAsync();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses)
    {
        app.Logger.LogInformation("ReformTracker 已启动，请在浏览器中打开 {Url}", address);
    }
});

await app.RunAsync();

/// <summary>Entry point; public so the test projects can host the app.</summary>
public partial class Program;
