using Microsoft.Extensions.Options;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.Web.Features.Notifications;

/// <summary>
/// Every <see cref="NotificationOptions.IntervalSeconds"/>: the due reminders (at most hourly; they are idempotent anyway)
/// and the e-mail copies. A lease in the database lets only one app instance do it at a time, so no mail goes out twice.
/// </summary>
public sealed partial class NotificationWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, ILogger<NotificationWorker> logger)
    : BackgroundService
{
    public const string LeaseName = "notifications";
    private static readonly TimeSpan DueScanEvery = TimeSpan.FromHours(1);
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private DateTime _nextDueScan = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(5, options.Value.IntervalSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(interval, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception);
            }

            await Task.Delay(interval, stoppingToken);
        }
    }

    private async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var lease = scope.ServiceProvider.GetRequiredService<LeaseKeeper>();
        if (!await lease.TryAcquireAsync(LeaseName, _holder, interval + TimeSpan.FromMinutes(5), cancellationToken))
        {
            return;
        }

        if (DateTime.UtcNow >= _nextDueScan)
        {
            var reminded = await scope.ServiceProvider.GetRequiredService<RemindDueNotices.Handler>().HandleAsync(cancellationToken);
            _nextDueScan = DateTime.UtcNow + DueScanEvery;
            if (reminded > 0)
            {
                LogReminded(reminded);
            }
        }

        var mail = await scope.ServiceProvider.GetRequiredService<DispatchEmails.Handler>().HandleAsync(cancellationToken);
        if (mail.Sent + mail.Failed + mail.Abandoned > 0)
        {
            LogMailed(mail.Sent, mail.Failed, mail.Abandoned);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Due reminders: {Count} notifications")]
    private partial void LogReminded(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification e-mail: {Sent} sent, {Failed} to retry, {Abandoned} given up")]
    private partial void LogMailed(int sent, int failed, int abandoned);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification worker failed")]
    private partial void LogFailed(Exception exception);
}

public static class NotificationServiceCollectionExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.SectionName));
        services.AddScoped<Notifier>();
        services.AddSingleton<MailSender>();
        services.AddHostedService<NotificationWorker>();
        return services;
    }
}
