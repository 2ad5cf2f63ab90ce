using System.Net.Mail;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Features.Notifications;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Account;

/// <summary>通知邮箱: a user sets (or clears) the address their notifications are copied to. The change is audited like any account change.</summary>
public static partial class SetEmail
{
    public const int MaxLength = 256;

    public sealed class Form
    {
        public string? Email { get; set; }
    }

    public sealed record Model(Form Form, bool MailConfigured);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Email)
                .MaximumLength(MaxLength).WithMessage(l["电子邮箱地址不能超过 {0} 个字符", MaxLength])
                .Must(e => string.IsNullOrWhiteSpace(e) || IsAddress(e.Trim()))
                .WithMessage(l["请输入有效的电子邮箱地址，例如 zhangsan@gaoming.gov.cn"]);
        }
    }

    /// <summary>One address, name@domain.tld, nothing around it (no display name, no list).</summary>
    public static bool IsAddress(string text) =>
        Shape().IsMatch(text) && MailAddress.TryCreate(text, out var parsed) && string.Equals(parsed.Address, text, StringComparison.Ordinal);

    [GeneratedRegex(@"^[^@\s,;<>""]+@[^@\s,;<>""]+\.[^@\s,;<>""]+$")]
    private static partial Regex Shape();

    public sealed class Handler(UserManager<AppUser> users, CurrentUser current, IOptions<NotificationOptions> options)
    {
        public async Task<Model?> PageAsync()
        {
            var user = await FindAsync();
            return user is null ? null : new Model(new Form { Email = user.Email }, options.Value.Email.IsConfigured);
        }

        public Model With(Form form) => new(form, options.Value.Email.IsConfigured);

        public async Task<CommandResult> HandleAsync(Form form)
        {
            ArgumentNullException.ThrowIfNull(form);
            var user = await FindAsync();
            if (user is null)
            {
                return CommandResult.NotFound();
            }

            var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
            // Set directly rather than with SetEmailAsync, which renews the security stamp and so would end the user's sessions.
            user.Email = email;
            user.NormalizedEmail = email is null ? null : users.NormalizeEmail(email);
            user.EmailConfirmed = false;
            var result = await users.UpdateAsync(user);
            return result.Succeeded
                ? CommandResult.Ok(user.Id)
                : CommandResult.Invalid(result.Errors.Select(e => new FieldError(nameof(Form.Email), e.Description)).ToList());
        }

        private Task<AppUser?> FindAsync() =>
            current.Id is { } id ? users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Task.FromResult<AppUser?>(null);
    }
}
