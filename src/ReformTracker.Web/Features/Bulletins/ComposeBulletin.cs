using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Dashboard;
using ReformTracker.Web.Features.MeetingTable;
using ReformTracker.Web.Features.Ranking;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>
/// Composes a plan's 季度跟踪通报 from live data. The bulletin covers the whole plan: it is addressed to every unit, and only
/// those who see every task compose it (Bulletins.Publish). Lights and task states are those of the moment it is composed;
/// publishing freezes them.
/// </summary>
public static class ComposeBulletin
{
    public sealed class Handler(AppDbContext db, DistrictClock clock, RankingBoard.Handler rankingBoard)
    {
        /// <summary>Null when the plan does not exist.</summary>
        public async Task<BulletinContent?> HandleAsync(int planId, BulletinQuarter quarter, CancellationToken cancellationToken)
        {
            var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(cancellationToken);
            if (plan is null)
            {
                return null;
            }

            var today = clock.Today;
            var firstMonth = new YearMonth(quarter.Year, QuarterText.FirstMonth(quarter));
            var lastMonth = firstMonth.Next.Next;
            var tasks = db.Tasks.AsNoTracking().Where(t => t.PlanId == planId);

            var h = await LeaderDashboard.HeadlineAsync(db, tasks, new YearMonth(quarter.Year, 1), lastMonth, cancellationToken);
            var headline = new BulletinHeadline(
                h.Tasks, h.Completed, h.Green, h.Yellow, h.Red, h.CompletionRate, h.KeyProjects, h.KeyProjectsStarted, h.StartRate,
                h.PlannedAnnualInvestment, h.InvestmentThisYear, h.InvestmentRate);

            var rows = await (from t in tasks
                              join a in db.Areas on t.AreaId equals a.Id
                              join u in db.Units on t.LeadUnitId equals u.Id
                              from tl in db.TaskLights.Where(x => x.TaskId == t.Id).DefaultIfEmpty()
                              select new
                              {
                                  t.Id, t.Code, t.Title, Area = a.Name, AreaOrder = a.SortOrder, AreaId = a.Id, Unit = u.Name, t.Status, t.DueDate,
                                  t.PercentComplete, Light = tl == null ? Light.Green : tl.Light, Reasons = tl == null ? string.Empty : tl.Reasons,
                              }).ToListAsync(cancellationToken);
            rows = rows.OrderBy(r => r.AreaOrder).ThenBy(r => r.AreaId).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
            var ids = rows.Select(r => r.Id).ToList();
            var reports = await db.Reports.AsNoTracking()
                .Where(r => ids.Contains(r.TaskId) && r.Period >= firstMonth && r.Period <= lastMonth && r.Status != ReportStatus.Draft)
                .Include(r => r.Amendments)
                .ToListAsync(cancellationToken);
            var latest = reports.GroupBy(r => r.TaskId).ToDictionary(
                g => g.Key,
                g => g.Where(r => r.Status == ReportStatus.Accepted).MaxBy(r => r.Period) ?? g.MaxBy(r => r.Period)!);

            var taskRows = rows.Select(r =>
            {
                if (!latest.TryGetValue(r.Id, out var report))
                {
                    return new BulletinTask(r.Id, r.Code, r.Title, r.Area, r.Unit, r.Status, r.Light, MeetingRowState.Missing, null, null, r.PercentComplete);
                }

                var state = report.Status switch
                {
                    ReportStatus.Accepted => MeetingRowState.Accepted,
                    ReportStatus.Returned => MeetingRowState.Returned,
                    _ => MeetingRowState.Submitted,
                };
                return new BulletinTask(
                    r.Id, r.Code, r.Title, r.Area, r.Unit, r.Status, r.Light, state, report.Period.ToString(), report.Effective.Achievement, report.Effective.Percent);
            }).ToList();

            var red = rows.Where(r => r.Light == Light.Red)
                .OrderBy(r => r.DueDate).ThenBy(r => r.Code, StringComparer.Ordinal)
                .Select(r => new BulletinRedItem(r.Id, r.Code, r.Title, r.Unit, r.DueDate, r.PercentComplete, r.Reasons))
                .ToList();

            var (notices, criticisms) = await NoticesAsync(ids, quarter, firstMonth, lastMonth, today, cancellationToken);
            var ranking = await RankingAsync(plan.Id, firstMonth, lastMonth, cancellationToken);
            return new BulletinContent(
                plan.Id, plan.Name, quarter.Key, firstMonth.ToString(), lastMonth.ToString(), headline, taskRows, red, notices, criticisms, ranking);
        }

        /// <summary>The latest month of the quarter whose 晒比榜 was published (a preview is not news); amended rows as corrected.</summary>
        private async Task<BulletinRanking?> RankingAsync(int planId, YearMonth firstMonth, YearMonth lastMonth, CancellationToken cancellationToken)
        {
            var published = await db.RankingPublications.AsNoTracking()
                .Where(p => p.PlanId == planId && p.Period >= firstMonth && p.Period <= lastMonth)
                .Select(p => p.Period)
                .ToListAsync(cancellationToken);
            if (published.Count == 0)
            {
                return null;
            }

            var board = await rankingBoard.ForMonthAsync(planId, published.Max(), cancellationToken);
            if (board is null)
            {
                return null;
            }

            var rows = board.Groups
                .SelectMany(g => g.OrderBy(r => r.EffectiveRank).ThenBy(r => r.UnitName, StringComparer.Ordinal)
                    .Select(r => new BulletinRankingRow(g.Key.BoardTitle(), r.EffectiveRank, r.UnitName, r.Amended?.Score ?? r.Score)))
                .ToList();
            return new BulletinRanking(board.Period.ToString(), rows);
        }

        private async Task<(BulletinNotices Notices, IReadOnlyList<BulletinCriticism> Criticisms)> NoticesAsync(
            List<int> taskIds, BulletinQuarter quarter, YearMonth firstMonth, YearMonth lastMonth, DateOnly today, CancellationToken cancellationToken)
        {
            // Few notices per plan: read them with their ladder steps and decide in memory (SQLite compares dates as text).
            var notices = await (from n in db.Notices.AsNoTracking()
                                 where n.TaskId != null && taskIds.Contains(n.TaskId.Value)
                                 join u in db.Units on n.RecipientUnitId equals u.Id
                                 join t in db.Tasks on n.TaskId equals t.Id
                                 select new
                                 {
                                     n.Id, n.Kind, n.Year, n.Sequence, n.Requirements, n.Deadline, n.IssuedAtUtc, n.ClosedAtUtc,
                                     Unit = u.Name, TaskCode = t.Code, TaskTitle = t.Title,
                                 }).ToListAsync(cancellationToken);
            var noticeIds = notices.Select(n => n.Id).ToList();
            var listed = await db.NoticeEscalations.AsNoTracking()
                .Where(e => noticeIds.Contains(e.NoticeId) && e.Step == EscalationStep.ListedInBulletin && e.BulletinQuarterKey == quarter.Key)
                .Select(e => new { e.NoticeId, e.Cause, e.TakenAtUtc })
                .ToListAsync(cancellationToken);

            var start = firstMonth.FirstDay;
            var end = lastMonth.LastDay;
            var cutoff = end < today ? end : today;
            DateOnly Local(DateTime utc) => DateOnly.FromDateTime(clock.ToLocal(utc));
            bool InQuarter(DateTime? utc) => utc is { } u && Local(u) >= start && Local(u) <= end;

            var overdue = notices
                .Where(n => Local(n.IssuedAtUtc) <= cutoff && n.Deadline < cutoff && (n.ClosedAtUtc is null || Local(n.ClosedAtUtc.Value) > cutoff))
                .OrderBy(n => n.Deadline).ThenBy(n => n.Id)
                .Select(n => new BulletinNotice(NoticeNumbering.Format(n.Kind, n.Year, n.Sequence), n.Unit, n.TaskCode, n.TaskTitle, n.Deadline))
                .ToList();
            var summary = new BulletinNotices(notices.Count(n => InQuarter(n.IssuedAtUtc)), notices.Count(n => InQuarter(n.ClosedAtUtc)), overdue.Count, overdue);

            var criticisms = notices
                .Select(n => new { Notice = n, Listed = listed.Where(l => l.NoticeId == n.Id).MinBy(l => l.TakenAtUtc) })
                .Where(x => x.Listed is not null || (x.Notice.Kind == NoticeKind.PublicCriticism && InQuarter(x.Notice.IssuedAtUtc)))
                .Select(x => new BulletinCriticism(
                    NoticeNumbering.Format(x.Notice.Kind, x.Notice.Year, x.Notice.Sequence),
                    x.Notice.Kind,
                    x.Notice.Unit,
                    x.Notice.TaskCode,
                    x.Notice.TaskTitle,
                    x.Listed?.Cause ?? x.Notice.Requirements,
                    Local(x.Listed?.TakenAtUtc ?? x.Notice.IssuedAtUtc),
                    x.Listed is not null))
                .OrderBy(c => c.Date).ThenBy(c => c.Number, StringComparer.Ordinal)
                .ToList();
            return (summary, criticisms);
        }
    }
}
