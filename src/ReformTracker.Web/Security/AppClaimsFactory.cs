using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ReformTracker.Web.Security;

/// <summary>Puts the role and the unit or office binding into the sign-in cookie, so scope needs no lookup per request.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, TimeProvider clock)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        identity.AddClaim(new Claim(ClaimNames.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(ClaimNames.SignedInAt, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        if (user.UnitId is { } unit)
        {
            identity.AddClaim(new Claim(ClaimNames.UnitId, unit.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.OfficeId is { } office)
        {
            identity.AddClaim(new Claim(ClaimNames.OfficeId, office.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(ClaimNames.MustChangePassword, "true"));
        }

        return identity;
    }
}
