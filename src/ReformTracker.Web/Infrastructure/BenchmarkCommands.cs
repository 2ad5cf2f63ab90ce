using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Data.Seed;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.Web.Infrastructure;

/// <summary>
/// Commands for measuring at scale (docs/performance.md), run instead of the web server:
/// <c>generate-dataset --out &lt;file&gt; [--scale full|smoke] [--as-of yyyy-MM-dd]</c> builds a province-scale SQLite database;
/// <c>time-supervision</c> runs full supervision evaluations in a row over the configured database and prints how long each took;
/// <c>time-ranking</c> times the ranking computation (<see cref="RankingTimingCommand"/>).
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

    private const int SupervisionRepeats = 5;

    /// <summary>
    /// Full evaluations in a row: the first catches up with whatever changed since the last one (after a bulk import,
    /// everything); the repeats are the steady state the background worker meets on each cycle, and the benchmark script takes
    /// their median (the first repeats run while the JIT's tiers are still settling).
    /// </summary>
    private static async Task<int> TimeSupervisionAsync(IServiceProvider services)
    {
        // The background worker runs in a started app: build the model and open the database before timing, as start-up does.
        await using (var warmUp = services.CreateAsyncScope())
        {
            await warmUp.ServiceProvider.GetRequiredService<AppDbContext>().Tasks.AnyAsync();
        }

        for (var run = 1; run <= 1 + SupervisionRepeats; run++)
        {
            await using var scope = services.CreateAsyncScope();
            var handler = ActivatorUtilities.CreateInstance<EvaluateFlags.Handler>(scope.ServiceProvider);
            var watch = Stopwatch.StartNew();
            var outcome = await handler.HandleAsync(null, CancellationToken.None);
            watch.Stop();
            var phases = string.Join(',', outcome.Phases.Select(p => FormattableString.Invariant($"{p.Name.Replace(' ', '-')}:{p.Elapsed.TotalMilliseconds:F0}/{p.ProcessorTime.TotalMilliseconds:F0}")));
            Console.WriteLine(FormattableString.Invariant(
                $"supervision-evaluation run={run} ms={watch.ElapsedMilliseconds} tasks={outcome.Tasks} opened={outcome.Opened} refreshed={outcome.Refreshed} closed={outcome.Closed} lights={outcome.LightsWritten} phases(ms/cpu-ms)={phases}"));
        }

        return 0;
    }
}
