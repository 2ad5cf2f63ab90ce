using System.Globalization;
using System.Security.Claims;

namespace ReformTracker.Web.Security;

/// <summary>Who is asking, read once from the sign-in cookie's claims.</summary>
public sealed class CurrentUser
{
    public static readonly CurrentUser Anonymous = new(null, string.Empty, string.Empty, null, null);

    public CurrentUser(int? id, string userName, string role, int? unitId, int? officeId)
    {
        Id = id;
        UserName = userName;
        Role = role;
        UnitId = unitId;
        OfficeId = officeId;
    }

    public int? Id { get; }

    public string UserName { get; }

    public string Role { get; }

    public int? UnitId { get; }

    public int? OfficeId { get; }

    public bool IsAuthenticated => Id is not null;

    public bool Can(string permission) => IsAuthenticated && RolePermissions.Allows(Role, permission);

    /// <summary>Leaders, supervisors and administrators see every task; reporters their unit's; reviewers their office's.</summary>
    public bool SeesAllTasks => Role is Roles.Leader or Roles.Supervisor or Roles.SystemAdmin;

    public static CurrentUser From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || !int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Anonymous;
        }

        return new CurrentUser(
            id,
            principal.Identity.Name ?? string.Empty,
            principal.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            ParseOptional(principal.FindFirstValue(ClaimNames.UnitId)),
            ParseOptional(principal.FindFirstValue(ClaimNames.OfficeId)));
    }

    private static int? ParseOptional(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
