using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

/// <summary>The notices a user may see; a reporter's own unit's unsigned notices come first.</summary>
public static class NoticeList
{
    public sealed class Query
    {
        public NoticeStatus? Status { get; set; }

        public NoticeKind? Kind { get; set; }
    }

    public sealed record Row(
        int Id, string Number, NoticeKind Kind, NoticeStatus Status, string UnitName, int? TaskId, string? TaskCode, DateOnly Deadline, bool IsOverdue,
        DateTime IssuedAtLocal, string IssuedBy, bool IsEscalation, EscalationStep? LastStep);

    public sealed record Model(Query Query, IReadOnlyList<Row> Rows, bool IsRecipient);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var notices = db.Notices.AsNoTracking().VisibleTo(db, user);
            var isRecipient = user.Can(Permissions.NoticesRespond) && user.UnitId is not null;
            if (isRecipient)
            {
                notices = notices.Where(n => n.RecipientUnitId == user.UnitId);
            }

            if (query.Status is { } status)
            {
                notices = notices.Where(n => n.Status == status);
            }

            if (query.Kind is { } kind)
            {
                notices = notices.Where(n => n.Kind == kind);
            }

            var rows = await (from n in notices
                              join u in db.Units on n.RecipientUnitId equals u.Id
                              from t in db.Tasks.Where(t => t.Id == n.TaskId).DefaultIfEmpty()
                              select new
                              {
                                  n.Id, n.Kind, n.Year, n.Sequence, n.Status, Unit = u.Name, n.TaskId, TaskCode = t == null ? null : t.Code, n.Deadline,
                                  n.IssuedAtUtc, n.IssuedBy, n.EscalatedFromId,
                              })
                .ToListAsync(cancellationToken);
            var ids = rows.Select(r => r.Id).ToList();

            // Steps are stored by name; the highest rung is found here, not by the database's text order.
            var lastSteps = (await db.NoticeEscalations.AsNoTracking().Where(e => ids.Contains(e.NoticeId)).Select(e => new { e.NoticeId, e.Step })
                    .ToListAsync(cancellationToken))
                .GroupBy(e => e.NoticeId).ToDictionary(g => g.Key, g => g.Max(e => e.Step));
            var today = clock.Today;
            return new Model(
                query,
                rows.OrderBy(r => isRecipient && r.Status == NoticeStatus.Issued ? 0 : 1)
                    .ThenBy(r => r.Status == NoticeStatus.Closed ? 1 : 0)
                    .ThenByDescending(r => r.IssuedAtUtc)
                    .Select(r => new Row(
                        r.Id, NoticeNumbering.Format(r.Kind, r.Year, r.Sequence), r.Kind, r.Status, r.Unit, r.TaskId, r.TaskCode, r.Deadline,
                        r.Status != NoticeStatus.Closed && r.Deadline < today, clock.ToLocal(r.IssuedAtUtc), r.IssuedBy, r.EscalatedFromId != null,
                        lastSteps.TryGetValue(r.Id, out var step) ? step : null))
                    .ToList(),
                isRecipient);
        }
    }
}
