using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Home;

/// <summary>首页: the programme at a glance for a leader — totals, what is overdue, and each office's standing.</summary>
public static class ProgrammeOverview
{
    public sealed record Totals(int Tasks, int NotStarted, int InProgress, int Completed, int Suspended, int Overdue, int OverdueMilestones)
    {
        public int CompletionRate => Tasks == 0 ? 0 : (int)Math.Round(Completed * 100.0 / Tasks);
    }

    public sealed record OfficeRow(int Id, string ShortName, int Tasks, int Completed, int Overdue, int AveragePercent);

    public sealed record Model(DateOnly Today, Totals Totals, IReadOnlyList<OfficeRow> Offices);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var byOffice = await db.Tasks.AsNoTracking().VisibleTo(user)
                .GroupBy(t => t.OfficeId)
                .Select(g => new
                {
                    OfficeId = g.Key,
                    Tasks = g.Count(),
                    NotStarted = g.Count(t => t.Status == ReformTaskStatus.NotStarted),
                    InProgress = g.Count(t => t.Status == ReformTaskStatus.InProgress),
                    Completed = g.Count(t => t.Status == ReformTaskStatus.Completed),
                    Suspended = g.Count(t => t.Status == ReformTaskStatus.Suspended),
                    Overdue = g.Count(t => t.DueDate < today && t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended),
                    AveragePercent = g.Average(t => (double)t.PercentComplete),
                })
                .ToDictionaryAsync(x => x.OfficeId, cancellationToken);

            var offices = await db.Offices.AsNoTracking().OrderBy(o => o.Id)
                .Select(o => new { o.Id, o.ShortName }).ToListAsync(cancellationToken);

            // Only milestones of open tasks count: a finished or suspended task's missed checkpoints need no chasing.
            var overdueMilestones = await (from m in db.Milestones
                                           join t in db.Tasks.VisibleTo(user) on m.TaskId equals t.Id
                                           where m.DoneDate == null && m.PlannedDate < today
                                               && t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended
                                           select m.Id).CountAsync(cancellationToken);

            var groups = byOffice.Values.ToList();
            var totals = new Totals(
                groups.Sum(g => g.Tasks),
                groups.Sum(g => g.NotStarted),
                groups.Sum(g => g.InProgress),
                groups.Sum(g => g.Completed),
                groups.Sum(g => g.Suspended),
                groups.Sum(g => g.Overdue),
                overdueMilestones);

            var rows = offices.Select(o => byOffice.TryGetValue(o.Id, out var g)
                    ? new OfficeRow(o.Id, o.ShortName, g.Tasks, g.Completed, g.Overdue, (int)Math.Round(g.AveragePercent))
                    : new OfficeRow(o.Id, o.ShortName, 0, 0, 0, 0))
                .ToList();
            return new Model(today, totals, rows);
        }
    }
}
