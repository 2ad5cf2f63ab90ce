using System.Globalization;
using Microsoft.AspNetCore.Identity;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

/// <summary>重置密码: a new one-time password, shown once; the old password and every open session stop working.</summary>
public static class ResetPassword
{
    public sealed class Handler(UserManager<AppUser> users, SecurityEvents events)
    {
        public async Task<OneTimePassword.Model?> ResetAsync(int id, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture));
            if (user is null)
            {
                return null;
            }

            var password = AdminCommands.OneTimePassword();
            user.MustChangePassword = true;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;

            // ResetPasswordAsync validates the password, renews the security stamp and saves the fields above in one write.
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var result = await users.ResetPasswordAsync(user, token, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
            }

            await events.RecordAsync(AuditAction.PasswordReset, "User", user.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
            return new OneTimePassword.Model(user.Id, user.UserName!, user.DisplayName, password, IsNewAccount: false);
        }
    }
}
