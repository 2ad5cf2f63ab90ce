using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

/// <summary>新建用户: the administrator names the account and its role; the system sets a one-time password.</summary>
public static partial class CreateUser
{
    public const int MinUserNameLength = 3;
    public const int MaxUserNameLength = 64;

    public sealed class Form : UserAssignment.IFields
    {
        public string? UserName { get; set; }

        public string? DisplayName { get; set; }

        public string? Role { get; set; }

        public int? UnitId { get; set; }

        public int? OfficeId { get; set; }
    }

    public sealed record Model(Form Form, UserAssignment.Options Options);

    /// <summary>The result, and on success the one-time password to show once.</summary>
    public sealed record Outcome(CommandResult Result, OneTimePassword.Model? Password);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.UserName).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(l["请填写用户名"])
                .Must(n => n!.Trim().Length is >= MinUserNameLength and <= MaxUserNameLength)
                .WithMessage(l["用户名长度应为 {0} 到 {1} 个字符", MinUserNameLength, MaxUserNameLength])
                .Must(n => AllowedUserName().IsMatch(n!.Trim())).WithMessage(l["用户名只能包含字母、数字和 . _ - @"]);
            Include(new UserAssignment.Rules<Form>(l));
        }
    }

    public sealed class Handler(
        UserManager<AppUser> users,
        UserAssignment.Handler assignment,
        TimeProvider clock,
        IStringLocalizer<SharedResource> l)
    {
        public async Task<Model> NewAsync(CancellationToken cancellationToken) =>
            new(new Form { Role = Roles.Reporter }, await assignment.OptionsAsync(cancellationToken));

        public async Task<Model> WithOptionsAsync(Form form, CancellationToken cancellationToken) =>
            new(form, await assignment.OptionsAsync(cancellationToken));

        public async Task<Outcome> CreateAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var userName = form.UserName!.Trim();
            var errors = await assignment.CheckReferencesAsync(form, cancellationToken);

            // FindByNameAsync compares normalized (upper-case) names, so "Zhang" and "zhang" are the same account.
            if (await users.FindByNameAsync(userName) is not null)
            {
                errors.Add(new FieldError(nameof(Form.UserName), l["用户名 {0} 已被使用", userName]));
            }

            if (errors.Count > 0)
            {
                return new Outcome(CommandResult.Invalid(errors), null);
            }

            var password = AdminCommands.OneTimePassword();
            var user = new AppUser
            {
                UserName = userName,
                DisplayName = form.DisplayName!.Trim(),
                Role = form.Role!,
                UnitId = form.UnitId,
                OfficeId = form.OfficeId,
                MustChangePassword = true,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                return new Outcome(CommandResult.Invalid(result.Errors.Select(e => new FieldError(FieldOf(e), e.Description)).ToList()), null);
            }

            return new Outcome(CommandResult.Ok(user.Id), new OneTimePassword.Model(user.Id, user.UserName, user.DisplayName, password, IsNewAccount: true));
        }

        private static string FieldOf(IdentityError error) =>
            error.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName)
                ? nameof(Form.UserName)
                : string.Empty;
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]+$")]
    private static partial Regex AllowedUserName();
}
