using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;

namespace ReformTracker.Web.Features.Shared;

/// <summary>
/// The registry's option lists (plans, areas, offices, units) for filters, read once and shared by every request until a
/// unit, office, official, plan or area is saved, and at most <see cref="Lifetime"/> (changes that bypass EF).
/// </summary>
public static class RegistryOptions
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public sealed record AreaEntry(int Id, int PlanId, string Name);

    public sealed record OfficeEntry(int Id, string ShortName, string Name);

    /// <summary>A leading official as pages show them: 姓名（职务）.</summary>
    public sealed record OfficialEntry(int Id, string NameAndPosition);

    public sealed class Handler(AppDbContext db, IMemoryCache cache, DataChangeSignals signals)
    {
        public Task<IReadOnlyList<Option>> PlansAsync(CancellationToken cancellationToken) =>
            CachedAsync("plans", async () => (IReadOnlyList<Option>)await db.Plans.AsNoTracking()
                .OrderByDescending(p => p.StartYear).ThenBy(p => p.Name)
                .Select(p => new Option(p.Id, p.Name, null)).ToListAsync(cancellationToken));

        /// <summary>Every live area, in plan order then the plan's own order.</summary>
        public Task<IReadOnlyList<AreaEntry>> AreasAsync(CancellationToken cancellationToken) =>
            CachedAsync("areas", async () => (IReadOnlyList<AreaEntry>)await db.Areas.AsNoTracking()
                .OrderBy(a => a.PlanId).ThenBy(a => a.SortOrder)
                .Select(a => new AreaEntry(a.Id, a.PlanId, a.Name)).ToListAsync(cancellationToken));

        /// <summary>Offices by id.</summary>
        public Task<IReadOnlyList<OfficeEntry>> OfficesAsync(CancellationToken cancellationToken) =>
            CachedAsync("offices", async () => (IReadOnlyList<OfficeEntry>)await db.Offices.AsNoTracking()
                .OrderBy(o => o.Id).Select(o => new OfficeEntry(o.Id, o.ShortName, o.Name)).ToListAsync(cancellationToken));

        /// <summary>Leading officials by id.</summary>
        public Task<IReadOnlyList<OfficialEntry>> OfficialsAsync(CancellationToken cancellationToken) =>
            CachedAsync("officials", async () => (IReadOnlyList<OfficialEntry>)await db.Officials.AsNoTracking()
                .OrderBy(o => o.Id).Select(o => new OfficialEntry(o.Id, o.Name + "（" + o.Position + "）")).ToListAsync(cancellationToken));

        /// <summary>Every live unit in display order (<see cref="UnitPicker"/>).</summary>
        public Task<IReadOnlyList<UnitPicker.Entry>> UnitsAsync(CancellationToken cancellationToken) =>
            CachedAsync("units", () => db.UnitsInDisplayOrderAsync(cancellationToken));

        private Task<T> CachedAsync<T>(string name, Func<Task<T>> read) =>
            signals.KeptAsync(cache, "registry-options|" + name, Lifetime, read, (DataArea.Registry, 0));
    }
}
