using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Features.Meetings;
using ReformTracker.Web.Features.Notices;

namespace ReformTracker.Web.Features.Supervision;

public sealed class SupervisionOptions
{
    public const string SectionName = "Supervision";

    /// <summary>Run the background evaluation at all (the test hosts switch it off and call the evaluator themselves).</summary>
    public bool Enabled { get; set; } = true;

    public int IntervalMinutes { get; set; } = 60;
}

/// <summary>Tasks whose facts just changed (a report accepted, a task edited), to be judged again at once.</summary>
public sealed class SupervisionSignals
{
    private readonly Channel<int> _channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public void TaskChanged(int taskId) => _channel.Writer.TryWrite(taskId);

    internal ChannelReader<int> Reader => _channel.Reader;
}

/// <summary>
/// Re-evaluates every task on a fixed interval and each changed task soon after its change. When several app
/// instances run, a lease in the database lets only one of them evaluate at a time.
/// </summary>
public sealed partial class SupervisionWorker(
    IServiceScopeFactory scopes,
    SupervisionSignals signals,
    IOptions<SupervisionOptions> options,
    ILogger<SupervisionWorker> logger) : BackgroundService
{
    public const string LeaseName = "supervision";
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.IntervalMinutes));
        var nextFullRun = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTime.UtcNow >= nextFullRun)
                {
                    await RunAsync(null, interval, stoppingToken);
                    nextFullRun = DateTime.UtcNow + interval;
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(nextFullRun - DateTime.UtcNow);
                if (await signals.Reader.WaitToReadAsync(wait.Token))
                {
                    // Let a burst of changes (a bulk accept) settle, then judge those tasks together.
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    var changed = new HashSet<int>();
                    while (signals.Reader.TryRead(out var taskId))
                    {
                        changed.Add(taskId);
                    }

                    await RunAsync(changed, interval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The wait for signals timed out: time for the next full run.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception);
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            }
        }
    }

    private async Task RunAsync(IReadOnlyCollection<int>? taskIds, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var lease = scope.ServiceProvider.GetRequiredService<LeaseKeeper>();
        if (!await lease.TryAcquireAsync(LeaseName, _holder, interval + TimeSpan.FromMinutes(5), cancellationToken))
        {
            LogSkipped();
            return;
        }

        var outcome = await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync(taskIds, cancellationToken);
        LogEvaluated(outcome.Tasks, outcome.Opened, outcome.Refreshed, outcome.Closed, outcome.LightsWritten, outcome.Elapsed.TotalMilliseconds);
        if (taskIds is null)
        {
            var items = await scope.ServiceProvider.GetRequiredService<EvaluateMeetingItems.Handler>().HandleAsync(cancellationToken);
            LogItemsEvaluated(items.Opened, items.Closed);

            // The ladder counts in days: climbing it with each full run is often enough.
            var ladder = await scope.ServiceProvider.GetRequiredService<EscalateNotices.Handler>().HandleAsync(cancellationToken);
            LogEscalated(ladder.Reminders, ladder.Escalations, ladder.Listings);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting items evaluated: {Opened} flags opened, {Closed} closed")]
    private partial void LogItemsEvaluated(int opened, int closed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation ladder: {Reminders} reminders, {Escalations} escalations, {Listings} bulletin listings")]
    private partial void LogEscalated(int reminders, int escalations, int listings);

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervision evaluated {Tasks} tasks: {Opened} flags opened, {Refreshed} refreshed, {Closed} closed, {Lights} lights written in {Milliseconds:F0} ms")]
    private partial void LogEvaluated(int tasks, int opened, int refreshed, int closed, int lights, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervision skipped: another instance holds the lease")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Error, Message = "Supervision evaluation failed")]
    private partial void LogFailed(Exception exception);
}
