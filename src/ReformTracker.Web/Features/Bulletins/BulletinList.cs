using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Bulletins;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>已发布通报: every published bulletin, newest first, and for publishers the plans and quarters to draft.</summary>
public static class BulletinList
{
    public sealed record Row(int Id, string Number, string PlanName, string Quarter, DateOnly IssuedOn, string IssuingOffice, string PublishedBy);

    public sealed record Model(IReadOnlyList<Row> Rows, bool MayPublish, IReadOnlyList<Option> Plans, IReadOnlyList<string> Quarters, string DefaultQuarter);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var rows = await (from b in db.Bulletins.AsNoTracking()
                              join p in db.Plans.IgnoreQueryFilters() on b.PlanId equals p.Id
                              orderby b.Year descending, b.Sequence descending
                              select new { b.Id, b.Year, b.Sequence, Plan = p.Name, b.QuarterKey, b.IssuedOn, b.IssuingOffice, b.PublishedBy })
                .ToListAsync(cancellationToken);
            var mayPublish = user.Can(Permissions.BulletinsPublish);
            var plans = mayPublish
                ? await db.Plans.AsNoTracking().OrderByDescending(p => p.StartYear).ThenBy(p => p.Id).Select(p => new Option(p.Id, p.Name, null)).ToListAsync(cancellationToken)
                : [];
            var today = clock.Today;
            var quarters = new List<string>();
            var quarter = BulletinQuarter.Containing(today);
            for (var i = 0; i < 8; i++)
            {
                quarters.Add(QuarterText.Format(quarter));
                quarter = quarter.Quarter == 1 ? new BulletinQuarter(quarter.Year - 1, 4) : new BulletinQuarter(quarter.Year, quarter.Quarter - 1);
            }

            return new Model(
                rows.Select(r => new Row(r.Id, Bulletin.FormatNumber(r.Year, r.Sequence), r.Plan, BulletinQuarter.FromKey(r.QuarterKey).ToString(), r.IssuedOn, r.IssuingOffice, r.PublishedBy)).ToList(),
                mayPublish,
                plans,
                quarters,
                QuarterText.Format(BulletinDraft.Handler.LastFinishedQuarter(today)));
        }
    }
}
