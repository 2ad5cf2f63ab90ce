using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.CloseOut;

/// <summary>销号核验: the reviewer's pending applications for the office, oldest first; the unit's own applications with their state.</summary>
public static class CloseOutList
{
    public sealed record Row(
        int Id, int TaskId, string TaskCode, string TaskTitle, string UnitName, string AppliedBy, DateTime AppliedAtLocal, CloseOutStatus Status,
        string? DecisionReason);

    public sealed class Model
    {
        public required IReadOnlyList<Row> ToDecide { get; init; }

        public required IReadOnlyList<Row> OwnUnit { get; init; }

        public required bool MayDecide { get; init; }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var reviewed = db.Tasks.ReviewedBy(user);
            var toDecide = await RowsAsync(
                db.CloseOutApplications.Where(c => c.Status == CloseOutStatus.Pending && reviewed.Any(t => t.Id == c.TaskId)), oldestFirst: true, cancellationToken);
            var filed = db.Tasks.FiledBy(user);
            var own = await RowsAsync(db.CloseOutApplications.Where(c => filed.Any(t => t.Id == c.TaskId)), oldestFirst: false, cancellationToken);
            return new Model { ToDecide = toDecide, OwnUnit = own, MayDecide = user.Can(Permissions.ReportsReview) };
        }

        private async Task<IReadOnlyList<Row>> RowsAsync(IQueryable<CloseOutApplication> applications, bool oldestFirst, CancellationToken cancellationToken)
        {
            var query = from c in applications.AsNoTracking()
                        join t in db.Tasks on c.TaskId equals t.Id
                        join u in db.Units on c.UnitId equals u.Id
                        select new { c.Id, TaskId = t.Id, t.Code, t.Title, Unit = u.Name, c.AppliedBy, c.AppliedAtUtc, c.Status, c.DecisionReason };
            var rows = await (oldestFirst ? query.OrderBy(x => x.Id) : query.OrderByDescending(x => x.Id)).ToListAsync(cancellationToken);
            return rows.Select(x => new Row(x.Id, x.TaskId, x.Code, x.Title, x.Unit, x.AppliedBy, clock.ToLocal(x.AppliedAtUtc), x.Status, x.DecisionReason)).ToList();
        }
    }
}
