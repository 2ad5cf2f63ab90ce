using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>
/// Demo data for the 晒比榜: publishes the two latest months of the demo plan whose reporting cut-off has passed (older first,
/// so the later one shows the change in rank), with the same counting a supervisor's publish uses; the current month stays a preview.
/// </summary>
public sealed class DemoRankingSeeder(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, RankingBoard.Handler boards)
{
    private const string Publisher = "demo";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.RankingPublications.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var plan = await db.Plans.OrderByDescending(p => p.EndYear).ThenByDescending(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (plan is not { } planId)
        {
            return 0;
        }

        var latest = YearMonth.Of(clock.Today).Previous;
        while (calendar.CutOffFor(latest) >= clock.Today)
        {
            latest = latest.Previous;
        }

        var published = 0;
        foreach (var period in new[] { latest.Previous, latest })
        {
            if (!await boards.IsRankableAsync(planId, period, cancellationToken))
            {
                continue;
            }

            var weights = await boards.WeightsAsync(planId, cancellationToken);
            var ranked = await boards.LiveAsync(planId, period, weights, cancellationToken);
            db.RankingPublications.Add(RankingPublication.Publish(planId, period, weights, ranked, Publisher, clock.UtcNow));
            await db.SaveChangesAsync(cancellationToken);
            published++;
        }

        return published;
    }
}
