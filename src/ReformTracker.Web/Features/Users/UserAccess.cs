using System.Globalization;
using Microsoft.AspNetCore.Identity;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

/// <summary>停用 / 启用: a disabled user cannot sign in, and their open sessions end at the next revalidation.</summary>
public static class UserAccess
{
    public enum Outcome
    {
        Done,
        NotFound,

        /// <summary>Nobody disables their own account: the acting administrator would lock the system out.</summary>
        OwnAccount,
    }

    public sealed class Handler(UserManager<AppUser> users, CurrentUser current, SecurityEvents events)
    {
        public async Task<Outcome> DisableAsync(int id, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture));
            if (user is null)
            {
                return Outcome.NotFound;
            }

            if (user.Id == current.Id)
            {
                await events.RecordAsync(AuditAction.AccessDenied, "User", user.Id.ToString(CultureInfo.InvariantCulture), cancellationToken, detail: "不能停用自己的账户");
                return Outcome.OwnAccount;
            }

            user.IsDisabled = true;
            Ensure(await users.UpdateSecurityStampAsync(user));
            return Outcome.Done;
        }

        public async Task<Outcome> EnableAsync(int id, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture));
            if (user is null)
            {
                return Outcome.NotFound;
            }

            // Set together and saved once, so enabling also ends a lockout in a single audited change.
            user.IsDisabled = false;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            Ensure(await users.UpdateAsync(user));
            return Outcome.Done;
        }

        /// <summary>Load and save happen in one request; a failure here is a concurrent write or a bug, not a user error.</summary>
        private static void Ensure(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
            }
        }
    }
}
