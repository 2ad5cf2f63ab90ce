using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.Web.Features.Shared;

/// <summary>Every unit in the order people look for them: departments, towns, villages, enterprises, then sort order and name.</summary>
public static class UnitPicker
{
    public sealed record Entry(int Id, string Name, UnitKind Kind);

    /// <summary>Kinds are stored as text, so SQL would sort them alphabetically; the order is the enum's, applied in memory.</summary>
    public static async Task<IReadOnlyList<Entry>> UnitsInDisplayOrderAsync(this AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (await db.Units.AsNoTracking().Select(u => new { u.Id, u.Name, u.Kind, u.SortOrder }).ToListAsync(cancellationToken))
            .OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => new Entry(u.Id, u.Name, u.Kind))
            .ToList();
    }
}
