using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Tasks;

/// <summary>
/// The lead units the task list's unit filter offers and accepts: those leading a task the user may see (every unit for
/// whoever sees all tasks). Searched by name instead of listing 2,000 units in a drop-down.
/// </summary>
public static class LeadUnitChoices
{
    /// <summary>How many matches a search returns.</summary>
    public const int SearchLimit = 20;

    public sealed record Choice(int Id, string Name);

    public sealed class Handler(AppDbContext db, CurrentUser user, RegistryOptions.Handler registry, IMemoryCache cache, DataChangeSignals signals)
    {
        /// <summary>Units whose name contains the text, in display order.</summary>
        public async Task<IReadOnlyList<Choice>> SearchAsync(string? text, CancellationToken cancellationToken)
        {
            var term = text?.Trim();
            if (string.IsNullOrEmpty(term))
            {
                return [];
            }

            return (await InScopeAsync(cancellationToken))
                .Where(u => u.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
                .Take(SearchLimit)
                .Select(u => new Choice(u.Id, u.Name))
                .ToList();
        }

        /// <summary>The unit with this id, or null when it does not exist or lies outside the user's scope.</summary>
        public async Task<Choice?> FindAsync(int id, CancellationToken cancellationToken) =>
            (await InScopeAsync(cancellationToken)).Where(u => u.Id == id).Select(u => new Choice(u.Id, u.Name)).FirstOrDefault();

        /// <summary>The unit typed by name: its exact name, else the one unit whose name contains the text; null when none or several.</summary>
        public async Task<Choice?> FindByNameAsync(string text, CancellationToken cancellationToken)
        {
            var term = text.Trim();
            var units = await InScopeAsync(cancellationToken);
            var exact = units.FirstOrDefault(u => string.Equals(u.Name, term, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
            {
                return new Choice(exact.Id, exact.Name);
            }

            var partial = units.Where(u => u.Name.Contains(term, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
            return partial.Count == 1 ? new Choice(partial[0].Id, partial[0].Name) : null;
        }

        private async Task<IReadOnlyList<UnitPicker.Entry>> InScopeAsync(CancellationToken cancellationToken)
        {
            if (!user.Can(Permissions.TasksView))
            {
                return [];
            }

            var units = await registry.UnitsAsync(cancellationToken);
            if (user.SeesAllTasks)
            {
                return units;
            }

            var leading = await LeadUnitIdsAsync(cancellationToken);
            return units.Where(u => leading.Contains(u.Id)).ToList();
        }

        /// <summary>The lead units of the tasks <c>VisibleTo</c> the user, shared by everyone with the same scope for a minute at most.</summary>
        private Task<HashSet<int>> LeadUnitIdsAsync(CancellationToken cancellationToken) =>
            signals.KeptAsync(cache, $"lead-units|{user.Role}:{user.UnitId}:{user.OfficeId}", RegistryOptions.Lifetime, async () =>
            {
                // VisibleTo gives a reporter the unit's own and cooperated tasks and a reviewer the office's. Reading exactly those
                // through their indexes finds the same lead units as a scan of every visible task, which VisibleTo's "leads or
                // cooperates" OR would force (100,000 rows); each part still passes through VisibleTo, so it can only find fewer.
                var visible = db.Tasks.AsNoTracking().VisibleTo(user);
                var ids = new HashSet<int>();
                if (user.UnitId is { } unit)
                {
                    ids.UnionWith(await visible.Where(t => t.LeadUnitId == unit).Select(t => t.LeadUnitId).Take(1).ToListAsync(cancellationToken));
                    ids.UnionWith(await (from c in db.TaskCooperations
                                         where c.UnitId == unit
                                         join t in visible on c.TaskId equals t.Id
                                         select t.LeadUnitId).Distinct().ToListAsync(cancellationToken));
                }

                if (user.OfficeId is { } office)
                {
                    ids.UnionWith(await visible.Where(t => t.OfficeId == office).Select(t => t.LeadUnitId).Distinct().ToListAsync(cancellationToken));
                }

                return ids;
            },
            (DataArea.Tasks, 0));
    }
}
