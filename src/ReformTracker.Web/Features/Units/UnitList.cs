using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.Web.Features.Units;

/// <summary>单位: every unit grouped by kind, optionally only one kind, with its parent and the tasks it leads.</summary>
public static class UnitList
{
    public sealed class Query
    {
        public UnitKind? Kind { get; set; }
    }

    public sealed record Row(int Id, string Name, string ShortName, UnitKind Kind, int? ParentId, string? ParentName, int SortOrder, int TasksLed);

    public sealed record KindCount(UnitKind Kind, int Count);

    public sealed record Model(Query Query, IReadOnlyList<Row> Rows, IReadOnlyList<KindCount> Kinds, int Total);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var counts = await db.Units.AsNoTracking().GroupBy(u => u.Kind)
                .Select(g => new { Kind = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Kind, x => x.Count, cancellationToken);

            // kind=99 binds to an undefined enum value: treat it like no filter rather than an empty list.
            var shown = new Query { Kind = query.Kind is { } k && Enum.IsDefined(k) ? k : null };
            var units = db.Units.AsNoTracking();
            if (shown.Kind is { } kind)
            {
                units = units.Where(u => u.Kind == kind);
            }

            var rows = await units
                .OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Name)
                .Select(u => new Row(
                    u.Id,
                    u.Name,
                    u.ShortName,
                    u.Kind,
                    u.ParentId,
                    u.Parent == null ? null : u.Parent.Name,
                    u.SortOrder,
                    db.Tasks.Count(t => t.LeadUnitId == u.Id)))
                .ToListAsync(cancellationToken);

            var kinds = Enum.GetValues<UnitKind>().Select(k => new KindCount(k, counts.GetValueOrDefault(k))).ToList();
            return new Model(shown, rows, kinds, counts.Values.Sum());
        }
    }
}
