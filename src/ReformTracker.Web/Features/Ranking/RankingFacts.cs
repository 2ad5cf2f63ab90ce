using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>
/// Gathers what the ranking of one plan and month counts, in a fixed handful of set-based queries (tasks, units, milestones,
/// the month's reports, earlier progress where needed, extensions, notices with their answers and good-faith escalations,
/// meeting items), and counts it with the pure <see cref="RankingCounting"/>. The units ranked are the lead units of the plan's tasks.
/// </summary>
public static class RankingFacts
{
    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, IOptions<SupervisionSettings> settings)
    {
        public async Task<IReadOnlyList<RankingCounting.UnitCount>> HandleAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var month = new RankingMonth(
                period, today, calendar.CutOffFor(period),
                await db.Reports.AsNoTracking().OrderBy(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefaultAsync(cancellationToken),
                settings.Value.BehindTrajectoryTolerance);
            var lastDay = period.LastDay;
            var planTasks = db.Tasks.Where(t => t.PlanId == planId && t.StartDate <= lastDay);
            var planTaskIds = planTasks.Select(t => t.Id);

            var tasks = await planTasks.AsNoTracking()
                .Select(t => new
                {
                    t.Id, t.Code, t.Title, t.LeadUnitId, t.OfficeId, t.StartDate, t.DueDate, t.OriginalDueDate, t.Status, t.CompletedOn,
                    t.PercentComplete, t.LastReportedPeriod,
                })
                .ToListAsync(cancellationToken);
            var units = await db.Units.AsNoTracking().Where(u => planTasks.Select(t => t.LeadUnitId).Contains(u.Id))
                .Select(u => new RankedUnit(u.Id, u.Name, u.Kind)).ToListAsync(cancellationToken);
            var milestones = await db.Milestones.AsNoTracking().Where(m => planTaskIds.Contains(m.TaskId))
                .Select(m => new RankingMilestone(m.TaskId, m.Id, m.Title, m.PlannedDate, m.DoneDate)).ToListAsync(cancellationToken);
            var reports = await db.Reports.AsNoTracking().Where(r => r.Period == period && planTaskIds.Contains(r.TaskId))
                .Select(r => new { r.TaskId, r.Status, r.PercentComplete, r.FirstSubmittedAtUtc }).ToListAsync(cancellationToken);

            // Progress at the month's end: the task's own when it was last reported in or before the month, else the latest
            // accepted report up to the month (only for tasks reported since, so the usual current month needs no extra rows).
            var percent = tasks.ToDictionary(t => t.Id, t => t.LastReportedPeriod is { } last && last <= period ? t.PercentComplete : 0);
            foreach (var accepted in reports.Where(r => r.Status == ReportStatus.Accepted))
            {
                percent[accepted.TaskId] = accepted.PercentComplete;
            }

            var acceptedInMonth = reports.Where(r => r.Status == ReportStatus.Accepted).Select(r => r.TaskId).ToHashSet();
            var later = tasks.Where(t => t.LastReportedPeriod is { } last && last > period && !acceptedInMonth.Contains(t.Id))
                .Select(t => t.Id).ToList();
            if (later.Count > 0)
            {
                var earlier = await db.Reports.AsNoTracking()
                    .Where(r => later.Contains(r.TaskId) && r.Status == ReportStatus.Accepted && r.Period < period)
                    .Select(r => new { r.TaskId, r.Period, r.PercentComplete }).ToListAsync(cancellationToken);
                foreach (var latest in earlier.GroupBy(r => r.TaskId).Select(g => g.MaxBy(r => r.Period)!))
                {
                    percent[latest.TaskId] = latest.PercentComplete;
                }
            }

            var extensions = (await db.ExtensionRequests.AsNoTracking()
                    .Where(e => e.Status == ExtensionStatus.Approved && planTaskIds.Contains(e.TaskId))
                    .Select(e => new { e.TaskId, e.Id, e.WaiveForScoring }).ToListAsync(cancellationToken))
                .GroupBy(e => e.TaskId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id)!.WaiveForScoring);

            // Meeting items count for the plan when their meeting is the plan's, or an office's with tasks in the plan, or they chase a plan task.
            var officeIds = planTasks.Select(t => t.OfficeId);
            var first = period.FirstDay;
            var planItems = db.MeetingItems.Where(i => (i.TaskId != null && planTaskIds.Contains(i.TaskId.Value))
                || db.Meetings.Any(m => m.Id == i.MeetingId && (m.PlanId == planId || (m.OfficeId != null && officeIds.Contains(m.OfficeId.Value)))));
            var items = await planItems.AsNoTracking().Where(i => i.Deadline >= first && i.Deadline <= lastDay)
                .Select(i => new { i.Id, i.MeetingId, i.Content, i.AssigneeUnitId, i.Deadline, i.State, i.DoneAtUtc }).ToListAsync(cancellationToken);

            var notices = await db.Notices.AsNoTracking()
                .Where(n => n.Deadline >= first && n.Deadline <= lastDay
                    && ((n.TaskId != null && planTaskIds.Contains(n.TaskId.Value)) || (n.MeetingItemId != null && planItems.Select(i => i.Id).Contains(n.MeetingItemId.Value))))
                .Select(n => new { n.Id, n.Kind, n.Year, n.Sequence, n.RecipientUnitId, n.Deadline, n.GoodFaith }).ToListAsync(cancellationToken);
            var noticeIds = notices.Select(n => n.Id).ToList();
            var firstAnswers = (await db.NoticeResponses.AsNoTracking().Where(r => noticeIds.Contains(r.NoticeId))
                    .Select(r => new { r.NoticeId, r.RespondedAtUtc }).ToListAsync(cancellationToken))
                .GroupBy(r => r.NoticeId).ToDictionary(g => g.Key, g => DateOnly.FromDateTime(clock.ToLocal(g.Min(r => r.RespondedAtUtc))));
            var forgivenOnEscalation = (await db.NoticeEscalations.AsNoTracking().Where(e => e.GoodFaith && noticeIds.Contains(e.NoticeId))
                .Select(e => e.NoticeId).ToListAsync(cancellationToken)).ToHashSet();

            return RankingCounting.Count(
                month,
                units,
                tasks.Select(t => new RankingTask(
                    t.Id, t.Code, t.Title, t.LeadUnitId, t.StartDate, t.DueDate, t.OriginalDueDate, t.Status, t.CompletedOn, percent[t.Id],
                    extensions.TryGetValue(t.Id, out var waived) ? waived : null)),
                milestones,
                reports.ToDictionary(r => r.TaskId, r => r.FirstSubmittedAtUtc is { } at ? DateOnly.FromDateTime(clock.ToLocal(at)) : (DateOnly?)null),
                notices.Select(n => new RankingNotice(
                    n.Id, NoticeNumbering.Format(n.Kind, n.Year, n.Sequence), n.RecipientUnitId, n.Deadline,
                    firstAnswers.TryGetValue(n.Id, out var answered) ? answered : null, n.GoodFaith || forgivenOnEscalation.Contains(n.Id))),
                items.Select(i => new RankingItem(
                    i.Id, i.MeetingId, i.Content, i.AssigneeUnitId, i.Deadline,
                    i.State == Domain.Meetings.MeetingItemState.Done && i.DoneAtUtc is { } done ? DateOnly.FromDateTime(clock.ToLocal(done)) : null)));
        }
    }
}
