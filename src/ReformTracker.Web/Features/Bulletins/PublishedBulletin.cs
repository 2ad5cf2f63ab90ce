using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Bulletins;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>A published bulletin, read from its snapshot only: nothing live is consulted.</summary>
public static class PublishedBulletin
{
    public sealed class Handler(AppDbContext db, DistrictClock clock)
    {
        public async Task<BulletinDocument?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            var bulletin = await db.Bulletins.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
            return bulletin is null
                ? null
                : new BulletinDocument(
                    BulletinContent.Deserialize(bulletin.Snapshot),
                    IsDraft: false,
                    bulletin.Id,
                    Bulletin.FormatNumber(bulletin.Year, bulletin.Sequence),
                    bulletin.IssuingOffice,
                    bulletin.IssuedOn,
                    bulletin.PublishedBy,
                    clock.ToLocal(bulletin.PublishedAtUtc));
        }
    }
}
