using System.Diagnostics;
using ReformTracker.Web.Data.Seed;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.Web.Infrastructure;

/// <summary>
/// Commands for measuring at scale (docs/performance.md), run instead of the web server:
/// <c>generate-dataset --out &lt;file&gt; [--scale full|smoke] [--as-of yyyy-MM-dd]</c> builds a province-scale SQLite database;
/// <c>time-supervision</c> runs one full supervision evaluation over the configured database and prints how long it took.
/// </summary>
public static class BenchmarkCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        switch (args.FirstOrDefault(a => !a.StartsWith('-')))
        {
            case "generate-dataset":
                Environment.ExitCode = await ProvinceDataset.RunAsync(app.Services, args);
                return true;
            case "time-ranking": Environment.ExitCode = await RankingTimingCommand.RunAsync(app.Services, Console.Out); return true;
            case "time-supervision":
                Environment.ExitCode = await TimeSupervisionAsync(app.Services);
                return true;
            default:
                return false;
        }
    }

    private static async Task<int> TimeSupervisionAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<EvaluateFlags.Handler>(scope.ServiceProvider);
        var watch = Stopwatch.StartNew();
        var outcome = await handler.HandleAsync(null, CancellationToken.None);
        watch.Stop();
        Console.WriteLine(FormattableString.Invariant(
            $"supervision-evaluation ms={watch.ElapsedMilliseconds} tasks={outcome.Tasks} opened={outcome.Opened} refreshed={outcome.Refreshed} closed={outcome.Closed}"));
        return 0;
    }
}
