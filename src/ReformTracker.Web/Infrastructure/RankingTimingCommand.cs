using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Ranking;

namespace ReformTracker.Web.Infrastructure;

/// <summary>
/// <c>time-ranking</c>: computes the live month's 晒比榜 of the current plan over the configured database, bypassing the
/// board cache: a few times to warm up (the JIT's tiers settle over the first runs, as they do in a server that has been up
/// for a while), then <see cref="TimedRuns"/> times timed, one line each for the benchmark script, which takes the median.
/// </summary>
public static class RankingTimingCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var clock = provider.GetRequiredService<DistrictClock>();
        var year = clock.Today.Year;
        var planId = await provider.GetRequiredService<AppDbContext>().Plans.AsNoTracking()
            .OrderByDescending(p => p.StartYear <= year && p.EndYear >= year).ThenByDescending(p => p.EndYear).ThenByDescending(p => p.Id)
            .Select(p => (int?)p.Id).FirstOrDefaultAsync();
        if (planId is not { } plan)
        {
            await output.WriteLineAsync("time-ranking: no plan to rank");
            return 1;
        }

        var period = YearMonth.Of(clock.Today);
        var boards = provider.GetRequiredService<RankingBoard.Handler>();
        for (var warmUp = 0; warmUp < WarmUpRuns; warmUp++)
        {
            if (await boards.ComputeAsync(plan, period, CancellationToken.None) is null)
            {
                await output.WriteLineAsync("time-ranking: the month cannot be ranked");
                return 1;
            }
        }

        for (var run = 1; run <= TimedRuns; run++)
        {
            var watch = Stopwatch.StartNew();
            var board = await boards.ComputeAsync(plan, period, CancellationToken.None);
            watch.Stop();
            await output.WriteLineAsync(Line(run, watch.ElapsedMilliseconds, plan, period, board!.Rows.Count));
        }

        return 0;
    }

    public const int WarmUpRuns = 3;

    public const int TimedRuns = 5;

    public static string Line(int run, long elapsedMilliseconds, int planId, YearMonth period, int units) =>
        string.Create(CultureInfo.InvariantCulture, $"ranking-computation run={run} ms={elapsedMilliseconds} plan={planId} period={period} units={units}");
}
