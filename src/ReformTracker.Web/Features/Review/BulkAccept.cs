using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Review;

/// <summary>批量通过: accepts every ticked report the reviewer may review that is still submitted, all in one transaction.</summary>
public static class BulkAccept
{
    public sealed class Form
    {
        public List<int> Ids { get; set; } = [];

        public string? ReturnUrl { get; set; }
    }

    /// <summary>How the selection fared; <see cref="Conflict"/> means someone else got there first and nothing was saved.</summary>
    public sealed record Outcome(int Selected, int Accepted, int OutOfScope, int NotSubmitted, bool Conflict)
    {
        public int Skipped => OutOfScope + NotSubmitted;
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, SupervisionSignals signals)
    {
        public async Task<Outcome> HandleAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var ids = form.Ids.Distinct().ToList();
            if (ids.Count == 0)
            {
                return new Outcome(0, 0, 0, 0, false);
            }

            var reports = await db.Reports
                .Include(r => r.MilestonesReached)
                .Where(r => ids.Contains(r.Id) && db.Tasks.VisibleTo(user).ReviewedBy(user).Any(t => t.Id == r.TaskId))
                .ToListAsync(cancellationToken);
            var acceptable = reports.Where(r => r.Allows(ReportTransition.Accept)).OrderBy(r => r.Period).ThenBy(r => r.Id).ToList();
            var outcome = new Outcome(ids.Count, acceptable.Count, ids.Count - reports.Count, reports.Count - acceptable.Count, false);
            if (acceptable.Count == 0)
            {
                return outcome;
            }

            var taskIds = acceptable.Select(r => r.TaskId).Distinct().ToList();
            var tasks = await db.Tasks.Include(t => t.Milestones).Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
            var now = clock.UtcNow;
            foreach (var report in acceptable)
            {
                report.Accept(now, user.UserName, tasks[report.TaskId]);
            }

            // One SaveChanges is one transaction: every acceptance and its audit records land together, or none do.
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return outcome with { Accepted = 0, Conflict = true };
            }

            foreach (var taskId in taskIds)
            {
                signals.TaskChanged(taskId);
            }

            return outcome;
        }
    }
}
