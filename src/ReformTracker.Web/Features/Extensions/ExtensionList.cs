using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Extensions;

/// <summary>The reviewer's pending requests for the office; the reporter's own unit's requests with their state.</summary>
public static class ExtensionList
{
    public sealed record Row(
        int Id, int TaskId, string TaskCode, string TaskTitle, string RequestedBy, string Reason, DateOnly CurrentDueDate,
        DateOnly ProposedDueDate, ExtensionStatus Status, string? DecisionReason);

    public sealed class Model
    {
        public required IReadOnlyList<Row> ToDecide { get; init; }

        public required IReadOnlyList<Row> OwnUnit { get; init; }

        public required bool MayDecide { get; init; }
    }

    public sealed class Handler(AppDbContext db, CurrentUser user)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var reviewed = db.Tasks.ReviewedBy(user);
            var toDecide = await Rows(db.ExtensionRequests.Where(e => e.Status == ExtensionStatus.Pending && reviewed.Any(t => t.Id == e.TaskId)))
                .ToListAsync(cancellationToken);
            var filed = db.Tasks.FiledBy(user);
            var own = await Rows(db.ExtensionRequests.Where(e => filed.Any(t => t.Id == e.TaskId))).ToListAsync(cancellationToken);
            return new Model { ToDecide = toDecide, OwnUnit = own, MayDecide = user.Can(Permissions.ReportsReview) };
        }

        private IQueryable<Row> Rows(IQueryable<ExtensionRequest> requests) =>
            from e in requests.AsNoTracking()
            join t in db.Tasks on e.TaskId equals t.Id
            orderby e.Id descending
            select new Row(e.Id, t.Id, t.Code, t.Title, e.RequestedBy, e.Reason, e.CurrentDueDate, e.ProposedDueDate, e.Status, e.DecisionReason);
    }
}
