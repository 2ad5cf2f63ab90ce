using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Account;

/// <summary>A user replaces their own password (required after a reset); other sessions of theirs end.</summary>
public static class ChangePassword
{
    public sealed class Form
    {
        public string? CurrentPassword { get; set; }

        public string? NewPassword { get; set; }

        public string? ConfirmPassword { get; set; }
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.CurrentPassword).NotEmpty().WithMessage(l["请输入当前密码"]);
            RuleFor(f => f.NewPassword).NotEmpty().WithMessage(l["请输入新密码"])
                .NotEqual(f => f.CurrentPassword).WithMessage(l["新密码不能与当前密码相同"]);
            RuleFor(f => f.ConfirmPassword).Equal(f => f.NewPassword).WithMessage(l["两次输入的新密码不一致"]);
        }
    }

    public sealed class Handler(UserManager<AppUser> users, SignInManager<AppUser> signIn, CurrentUser current, SecurityEvents events, IHttpContextAccessor accessor)
    {
        public async Task<CommandResult> HandleAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var user = await users.FindByIdAsync(current.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (user is null)
            {
                return CommandResult.NotFound();
            }

            var result = await users.ChangePasswordAsync(user, form.CurrentPassword!, form.NewPassword!);
            if (!result.Succeeded)
            {
                return CommandResult.Invalid(result.Errors
                    .Select(e => new FieldError(e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(Form.CurrentPassword) : nameof(Form.NewPassword), e.Description))
                    .ToList());
            }

            user.MustChangePassword = false;
            await users.UpdateAsync(user);
            // Keep the original sign-in time so a password change does not extend the absolute session lifetime.
            var signedInAt = accessor.HttpContext?.User.FindFirst(ClaimNames.SignedInAt);
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, signedInAt is null ? [] : [new System.Security.Claims.Claim(ClaimNames.SignedInAt, signedInAt.Value)]);
            await events.RecordAsync(AuditAction.PasswordChanged, "User", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            return CommandResult.Ok(user.Id);
        }
    }
}
