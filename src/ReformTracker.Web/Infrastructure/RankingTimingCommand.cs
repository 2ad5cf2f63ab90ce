using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Ranking;

namespace ReformTracker.Web.Infrastructure;

/// <summary>
/// <c>time-ranking</c>: computes the live month's 晒比榜 of the current plan over the configured database, bypassing the
/// board cache, once to warm up and once timed, and prints one line for the benchmark script.
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
        await boards.ComputeAsync(plan, period, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var board = await boards.ComputeAsync(plan, period, CancellationToken.None);
        watch.Stop();
        if (board is null)
        {
            await output.WriteLineAsync("time-ranking: the month cannot be ranked");
            return 1;
        }

        await output.WriteLineAsync(Line(watch.ElapsedMilliseconds, plan, period, board.Rows.Count));
        return 0;
    }

    public static string Line(long elapsedMilliseconds, int planId, YearMonth period, int units) =>
        string.Create(CultureInfo.InvariantCulture, $"ranking-computation ms={elapsedMilliseconds} plan={planId} period={period} units={units}");
}
