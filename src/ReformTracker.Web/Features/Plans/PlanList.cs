using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;

namespace ReformTracker.Web.Features.Plans;

/// <summary>改革清单: every plan with its years, areas and number of tasks, newest first.</summary>
public static class PlanList
{
    public sealed record Row(int Id, string Name, int StartYear, int EndYear, int AreaCount, int TaskCount)
    {
        public bool IsMultiYear => EndYear > StartYear;
    }

    public sealed record Model(IReadOnlyList<Row> Rows);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var rows = await db.Plans.AsNoTracking()
                .OrderByDescending(p => p.StartYear).ThenBy(p => p.Name)
                .Select(p => new Row(
                    p.Id,
                    p.Name,
                    p.StartYear,
                    p.EndYear,
                    db.Areas.Count(a => a.PlanId == p.Id),
                    db.Tasks.Count(t => t.PlanId == p.Id)))
                .ToListAsync(cancellationToken);
            return new Model(rows);
        }
    }
}
