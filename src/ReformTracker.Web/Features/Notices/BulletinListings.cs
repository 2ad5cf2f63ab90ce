using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

/// <summary>拟列入通报: the notices the ladder (or a supervisor) listed for a quarter's bulletin, newest quarter first.</summary>
public static class BulletinListings
{
    public sealed record Row(
        int NoticeId, string Number, NoticeStatus Status, string UnitName, int? TaskId, string? TaskCode, string? TaskTitle, string Cause, DateTime ListedAtLocal);

    public sealed record QuarterGroup(string Quarter, int Key, IReadOnlyList<Row> Rows);

    public sealed record Model(IReadOnlyList<QuarterGroup> Quarters);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var visible = db.Notices.AsNoTracking().VisibleTo(db, user);
            var rows = await (from e in db.NoticeEscalations.AsNoTracking()
                              where e.Step == EscalationStep.ListedInBulletin
                              join n in visible on e.NoticeId equals n.Id
                              join u in db.Units on n.RecipientUnitId equals u.Id
                              from t in db.Tasks.Where(t => t.Id == n.TaskId).DefaultIfEmpty()
                              select new
                              {
                                  e.BulletinQuarterKey, n.Id, n.Kind, n.Year, n.Sequence, n.Status, Unit = u.Name, n.TaskId,
                                  TaskCode = t == null ? null : t.Code, TaskTitle = t == null ? null : t.Title, e.Cause, e.TakenAtUtc,
                              })
                .ToListAsync(cancellationToken);
            return new Model(rows.GroupBy(r => r.BulletinQuarterKey ?? 0).OrderByDescending(g => g.Key)
                .Select(g => new QuarterGroup(
                    BulletinQuarter.FromKey(g.Key).ToString(), g.Key,
                    g.OrderBy(r => r.TakenAtUtc).ThenBy(r => r.Id)
                        .Select(r => new Row(
                            r.Id, NoticeNumbering.Format(r.Kind, r.Year, r.Sequence), r.Status, r.Unit, r.TaskId, r.TaskCode, r.TaskTitle, r.Cause,
                            clock.ToLocal(r.TakenAtUtc)))
                        .ToList()))
                .ToList());
        }
    }
}
