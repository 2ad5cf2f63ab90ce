using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Account;

/// <summary>Sign in with user name and password; lockout after repeated failures; one answer for every failure.</summary>
public static class Authenticate
{
    public sealed class Form
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.UserName).NotEmpty().WithMessage(l["请输入用户名"]).MaximumLength(256);
            RuleFor(f => f.Password).NotEmpty().WithMessage(l["请输入密码"]).MaximumLength(256);
        }
    }

    public enum Outcome
    {
        SignedIn,
        MustChangePassword,
        Refused,
    }

    public sealed class Handler(
        UserManager<AppUser> users,
        SignInManager<AppUser> signIn,
        IPasswordHasher<AppUser> hasher,
        SecurityEvents events)
    {
        // Verifying against a fixed hash costs what a real check costs, so an unknown name answers as slowly as a wrong password.
        private static readonly AppUser Nobody = new() { UserName = "nobody" };
        private static string? _nobodyHash;

        public async Task<Outcome> HandleAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var user = await users.FindByNameAsync(form.UserName!.Trim());
            if (user is null)
            {
                _nobodyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
                hasher.VerifyHashedPassword(Nobody, _nobodyHash, form.Password!);
                await events.RecordAsync(AuditAction.SignInFailed, "User", null, cancellationToken, userName: form.UserName.Trim(), detail: "未知用户名");
                return Outcome.Refused;
            }

            var result = await signIn.PasswordSignInAsync(user, form.Password!, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                await events.RecordAsync(AuditAction.SignedIn, "User", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken, user.UserName, user.Id);
                return user.MustChangePassword ? Outcome.MustChangePassword : Outcome.SignedIn;
            }

            var (action, detail) = result switch
            {
                { IsLockedOut: true } => (AuditAction.LockedOut, "账户已锁定"),
                { IsNotAllowed: true } => (AuditAction.SignInFailed, "账户已停用"),
                _ => (AuditAction.SignInFailed, "密码错误"),
            };
            await events.RecordAsync(action, "User", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken, user.UserName, user.Id, detail);
            return Outcome.Refused;
        }
    }
}
