using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Data.Seed;

/// <summary>One demo account per role for the embedded default (listed in the README); never in Production.</summary>
public sealed class DemoAccountsSeeder(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public const string Password = "Demo2026rt";

    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return false;
        }

        var finance = await db.Units.Where(u => u.Kind == UnitKind.Department).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u => (int?)u.Id).FirstOrDefaultAsync(cancellationToken);
        var town = await db.Units.Where(u => u.Kind == UnitKind.Town).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u => (int?)u.Id).FirstOrDefaultAsync(cancellationToken);
        var office = await db.Offices.OrderBy(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);

        (string Name, string Display, string Role, int? Unit, int? Office)[] accounts =
        [
            ("admin", "系统管理员", Roles.SystemAdmin, null, null),
            ("auditor", "审计管理员", Roles.AuditAdmin, null, null),
            ("leader", "区领导", Roles.Leader, null, null),
            ("supervisor", "区委督查室", Roles.Supervisor, null, null),
            ("reviewer", "重点项目办审核员", Roles.OfficeReviewer, null, office),
            ("reporter", "区直单位填报员", Roles.Reporter, finance, null),
            ("town", "镇街填报员", Roles.Reporter, town, null),
        ];
        foreach (var account in accounts)
        {
            var user = new AppUser
            {
                UserName = account.Name,
                DisplayName = account.Display,
                Role = account.Role,
                UnitId = account.Unit,
                OfficeId = account.Office,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {account.Name}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
        }

        return true;
    }
}
