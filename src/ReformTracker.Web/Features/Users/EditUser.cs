using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

/// <summary>
/// 编辑用户: name, role and binding. A new role, unit or office renews the security stamp, so the user's open
/// sessions end at the next revalidation and the next sign-in carries the new scope.
/// </summary>
public static class EditUser
{
    public sealed class Form : UserAssignment.IFields
    {
        public string? DisplayName { get; set; }

        public string? Role { get; set; }

        public int? UnitId { get; set; }

        public int? OfficeId { get; set; }

        /// <summary>Identity's optimistic concurrency token, carried through the form like an entity's version.</summary>
        public string? ConcurrencyStamp { get; set; }
    }

    public sealed record Model(int Id, string UserName, Form Form, UserAssignment.Options Options, bool OwnAccount);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l) => Include(new UserAssignment.Rules<Form>(l));
    }

    public sealed class Handler(
        AppDbContext db,
        UserManager<AppUser> users,
        UserAssignment.Handler assignment,
        CurrentUser current,
        IStringLocalizer<SharedResource> l)
    {
        public Task<bool> ExistsAsync(int id, CancellationToken cancellationToken) => db.Users.AnyAsync(u => u.Id == id, cancellationToken);

        public async Task<Model?> EditAsync(int id, CancellationToken cancellationToken)
        {
            var form = await db.Users.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new Form
                {
                    DisplayName = u.DisplayName,
                    Role = u.Role,
                    UnitId = u.UnitId,
                    OfficeId = u.OfficeId,
                    ConcurrencyStamp = u.ConcurrencyStamp,
                })
                .SingleOrDefaultAsync(cancellationToken);
            return form is null ? null : await WithOptionsAsync(id, form, cancellationToken);
        }

        public async Task<Model> WithOptionsAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var userName = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.UserName).SingleAsync(cancellationToken);
            return new Model(id, userName ?? string.Empty, form, await assignment.OptionsAsync(cancellationToken), id == current.Id);
        }

        public async Task<CommandResult> UpdateAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var user = await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (user is null)
            {
                return CommandResult.NotFound();
            }

            if (user.ConcurrencyStamp != form.ConcurrencyStamp)
            {
                return CommandResult.Conflict(l["该用户已被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"]);
            }

            var errors = await assignment.CheckReferencesAsync(form, cancellationToken);

            // The acting administrator keeps their role, so the system can never lose its last one by accident.
            if (user.Id == current.Id && form.Role != user.Role)
            {
                errors.Add(new FieldError(nameof(Form.Role), l["不能修改自己的角色"]));
            }

            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            var scopeChanged = user.Role != form.Role || user.UnitId != form.UnitId || user.OfficeId != form.OfficeId;
            user.DisplayName = form.DisplayName!.Trim();
            user.Role = form.Role!;
            user.UnitId = form.UnitId;
            user.OfficeId = form.OfficeId;

            // Either call saves every change above in one write (and one audit record).
            var result = scopeChanged ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!result.Succeeded)
            {
                return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                    ? CommandResult.Conflict(l["该用户刚刚被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"])
                    : CommandResult.Invalid(result.Errors.Select(e => new FieldError(string.Empty, e.Description)).ToList());
            }

            return CommandResult.Ok(user.Id);
        }
    }
}
