using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Bulletins;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>通报草稿: the bulletin of a plan and quarter composed from live data, clearly marked as a draft, with the publish form.</summary>
public static class BulletinDraft
{
    public sealed class Query
    {
        public int? Plan { get; set; }

        /// <summary>2026-Q3; empty means the last finished quarter.</summary>
        public string? Quarter { get; set; }
    }

    public sealed record Published(int Id, string Number);

    public sealed record Model(BulletinDocument Document, PublishBulletin.Form Form, Published? AlreadyPublished);

    public sealed class Handler(AppDbContext db, DistrictClock clock, ComposeBulletin.Handler compose)
    {
        /// <summary>Null for an unknown plan or a malformed quarter (404).</summary>
        public async Task<Model?> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            BulletinQuarter quarter;
            if (string.IsNullOrWhiteSpace(query.Quarter))
            {
                quarter = LastFinishedQuarter(clock.Today);
            }
            else if (!QuarterText.TryParse(query.Quarter, out quarter))
            {
                return null;
            }

            if (query.Plan is not { } planId)
            {
                return null;
            }

            var form = new PublishBulletin.Form { Plan = planId, Quarter = QuarterText.Format(quarter), IssuingOffice = BulletinDocument.DefaultIssuingOffice };
            return await ForFormAsync(form, cancellationToken);
        }

        /// <summary>The draft again with what the publisher typed (after a refused publication). Null when the plan or quarter is unknown.</summary>
        public async Task<Model?> ForFormAsync(PublishBulletin.Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            if (form.Plan is not { } planId || !QuarterText.TryParse(form.Quarter, out var quarter))
            {
                return null;
            }

            var content = await compose.HandleAsync(planId, quarter, cancellationToken);
            if (content is null)
            {
                return null;
            }

            var published = await db.Bulletins.AsNoTracking().Where(b => b.PlanId == planId && b.QuarterKey == quarter.Key)
                .Select(b => new { b.Id, b.Year, b.Sequence }).SingleOrDefaultAsync(cancellationToken);
            var office = string.IsNullOrWhiteSpace(form.IssuingOffice) ? BulletinDocument.DefaultIssuingOffice : form.IssuingOffice.Trim();
            if (office.Length > Bulletin.IssuingOfficeLength)
            {
                office = office[..Bulletin.IssuingOfficeLength];
            }

            var document = new BulletinDocument(content, IsDraft: true, null, null, office, clock.Today, null, null);
            return new Model(document, form, published is null ? null : new Published(published.Id, Bulletin.FormatNumber(published.Year, published.Sequence)));
        }

        public static BulletinQuarter LastFinishedQuarter(DateOnly today)
        {
            var current = BulletinQuarter.Containing(today);
            return current.Quarter == 1 ? new BulletinQuarter(current.Year - 1, 4) : new BulletinQuarter(current.Year, current.Quarter - 1);
        }
    }
}
