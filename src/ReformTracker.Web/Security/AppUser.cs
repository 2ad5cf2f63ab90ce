using Microsoft.AspNetCore.Identity;

namespace ReformTracker.Web.Security;

/// <summary>A person who signs in. Bound to a unit (reporters) or an office (reviewers) by their role.</summary>
public sealed class AppUser : IdentityUser<int>
{
    public string DisplayName { get; set; } = string.Empty;

    public string Role { get; set; } = Roles.Leader;

    public int? UnitId { get; set; }

    public int? OfficeId { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>Set by a password reset: the one-time password must be replaced at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
