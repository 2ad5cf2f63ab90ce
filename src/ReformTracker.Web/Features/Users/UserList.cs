using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

/// <summary>用户: every account with its role, binding and state, filtered by role and by name; ordered by user name.</summary>
public static class UserList
{
    public sealed class Query
    {
        public string? Role { get; set; }

        /// <summary>Part of the user name (any case) or of the display name.</summary>
        public string? Q { get; set; }
    }

    public sealed record Row(
        int Id,
        string UserName,
        string DisplayName,
        string Role,
        string? Binding,
        bool IsDisabled,
        bool IsLockedOut,
        bool MustChangePassword,
        DateTime CreatedAtLocal,
        bool OwnAccount);

    public sealed record Model(Query Query, IReadOnlyList<Row> Rows);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser current)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);

            // An unknown role in the URL lists everyone rather than no one, like the other list filters.
            var shown = new Query
            {
                Role = UserAssignment.IsKnownRole(query.Role) ? query.Role : null,
                Q = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim(),
            };
            var users = db.Users.AsNoTracking();
            if (shown.Role is { } role)
            {
                users = users.Where(u => u.Role == role);
            }

            if (shown.Q is { } text)
            {
                var normalized = text.ToUpperInvariant();
                users = users.Where(u => u.NormalizedUserName!.Contains(normalized) || u.DisplayName.Contains(text));
            }

            var found = await users.OrderBy(u => u.NormalizedUserName)
                .Select(u => new
                {
                    u.Id, u.UserName, u.DisplayName, u.Role, u.UnitId, u.OfficeId, u.IsDisabled, u.LockoutEnd, u.MustChangePassword, u.CreatedAtUtc,
                })
                .ToListAsync(cancellationToken);

            // Names of bound units and offices, deleted ones included: the binding stays until an administrator changes it.
            var unitIds = found.Where(u => u.UnitId is not null).Select(u => u.UnitId!.Value).Distinct().ToList();
            var officeIds = found.Where(u => u.OfficeId is not null).Select(u => u.OfficeId!.Value).Distinct().ToList();
            var units = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => unitIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            var offices = await db.Offices.IgnoreQueryFilters().AsNoTracking().Where(o => officeIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);

            // LockoutEnd is compared here: SQLite cannot compare DateTimeOffset values in SQL.
            var now = clock.UtcNow;
            var rows = found.Select(u => new Row(
                    u.Id,
                    u.UserName ?? string.Empty,
                    u.DisplayName,
                    u.Role,
                    u.UnitId is { } unit ? units.GetValueOrDefault(unit) : u.OfficeId is { } office ? offices.GetValueOrDefault(office) : null,
                    u.IsDisabled,
                    u.LockoutEnd is { } end && end.UtcDateTime > now,
                    u.MustChangePassword,
                    clock.ToLocal(u.CreatedAtUtc),
                    u.Id == current.Id))
                .ToList();
            return new Model(shown, rows);
        }
    }
}
