using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>
/// 发布: freezes a month of the plan's ranking as it stands now — rows, components, explanations and the things counted — in
/// one transaction. A month is published once, and only after its reporting cut-off has passed.
/// </summary>
public static class PublishRanking
{
    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user, RankingBoard.Handler boards, RankingBoardCache cache, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            if (!await boards.IsRankableAsync(planId, period, cancellationToken))
            {
                return CommandResult.NotFound();
            }

            var cutOff = calendar.CutOffFor(period);
            if (clock.Today <= cutOff)
            {
                return CommandResult.Invalid(string.Empty, l["{0} 的月报截止日是 {1}，截止日过后才能发布该月晒比榜", period.ToString(), cutOff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
            }

            if (await db.RankingPublications.AnyAsync(p => p.PlanId == planId && p.Period == period, cancellationToken))
            {
                return AlreadyPublished(period);
            }

            var weights = await boards.WeightsAsync(planId, cancellationToken);
            var ranked = await boards.LiveAsync(planId, period, weights, cancellationToken);
            var publication = RankingPublication.Publish(planId, period, weights, ranked, user.UserName, clock.UtcNow);
            db.RankingPublications.Add(publication);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another publisher won the unique (plan, month) index between the check and the save.
                if (await PublishedMeanwhileAsync(planId, period, cancellationToken))
                {
                    return AlreadyPublished(period);
                }

                throw;
            }

            cache.Invalidate(planId);
            return CommandResult.Ok(publication.Id);
        }

        private CommandResult AlreadyPublished(YearMonth period) =>
            CommandResult.Invalid(string.Empty, l["{0} 的晒比榜已经发布，不能重复发布；如需更正，请在榜单中逐行更正", period.ToString()]);

        private async Task<bool> PublishedMeanwhileAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            db.ChangeTracker.Clear();
            return await db.RankingPublications.AnyAsync(p => p.PlanId == planId && p.Period == period, cancellationToken);
        }
    }
}
