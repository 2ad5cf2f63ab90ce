using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;

namespace ReformTracker.Web.Features.Offices;

/// <summary>专项办: every office with its leader, duties and the number of tasks it pushes.</summary>
public static class OfficeList
{
    /// <summary>Characters of the duties shown in the list; the full text is on the edit form.</summary>
    public const int DutiesExcerptLength = 60;

    public sealed record Row(int Id, string Name, string ShortName, string? LeadingOfficial, string Duties, int TaskCount)
    {
        public string DutiesExcerpt => Duties.Length > DutiesExcerptLength ? string.Concat(Duties.AsSpan(0, DutiesExcerptLength), "…") : Duties;
    }

    public sealed record Model(IReadOnlyList<Row> Rows);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var rows = await db.Offices.AsNoTracking()
                .OrderBy(o => o.Id)
                .Select(o => new Row(
                    o.Id,
                    o.Name,
                    o.ShortName,
                    o.LeadingOfficial == null ? null : o.LeadingOfficial.Name + "（" + o.LeadingOfficial.Position + "）",
                    o.Duties,
                    db.Tasks.Count(t => t.OfficeId == o.Id)))
                .ToListAsync(cancellationToken);
            return new Model(rows);
        }
    }
}
