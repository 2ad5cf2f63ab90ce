using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

/// <summary>What creating and editing a user share: name, role and the unit or office the role is bound to.</summary>
public static class UserAssignment
{
    public interface IFields
    {
        string? DisplayName { get; }

        string? Role { get; }

        int? UnitId { get; }

        int? OfficeId { get; }
    }

    public sealed record Options(IReadOnlyList<Option> Units, IReadOnlyList<Option> Offices);

    /// <summary>The model of the shared form fields partial.</summary>
    public sealed record Fields(IFields Form, Options Options, bool OwnAccount);

    public static bool IsKnownRole(string? role) => role is not null && Roles.AssignableBySystemAdmin.Contains(role);

    /// <summary>A reporter needs exactly a unit, a reviewer exactly an office; every other role neither.</summary>
    public sealed class Rules<T> : AbstractValidator<T>
        where T : IFields
    {
        public Rules(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.DisplayName).NotEmpty().WithMessage(l["请填写姓名"])
                .MaximumLength(Lengths.Name).WithMessage(l["姓名不能超过 {0} 个字", Lengths.Name]);
            RuleFor(f => f.Role).Must(IsKnownRole).WithMessage(l["请选择角色"]);
            When(f => IsKnownRole(f.Role), () =>
            {
                RuleFor(f => f.UnitId).NotNull().When(f => Roles.NeedsUnit(f.Role!)).WithMessage(l["该角色须选择所属单位"]);
                RuleFor(f => f.UnitId).Null().When(f => !Roles.NeedsUnit(f.Role!)).WithMessage(l["该角色不绑定单位，请将单位留空"]);
                RuleFor(f => f.OfficeId).NotNull().When(f => Roles.NeedsOffice(f.Role!)).WithMessage(l["该角色须选择所属专项办"]);
                RuleFor(f => f.OfficeId).Null().When(f => !Roles.NeedsOffice(f.Role!)).WithMessage(l["该角色不绑定专项办，请将专项办留空"]);
            });
        }
    }

    public sealed class Handler(AppDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<Options> OptionsAsync(CancellationToken cancellationToken)
        {
            var units = (await db.UnitsInDisplayOrderAsync(cancellationToken)).Select(u => new Option(u.Id, u.Name, l[u.Kind.Label()])).ToList();
            var offices = await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => new Option(o.Id, o.Name, null)).ToListAsync(cancellationToken);
            return new Options(units, offices);
        }

        /// <summary>Checks what only the database knows: the chosen unit and office exist.</summary>
        public async Task<List<FieldError>> CheckReferencesAsync(IFields form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var errors = new List<FieldError>();
            if (form.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(IFields.UnitId), l["所选单位不存在"]));
            }

            if (form.OfficeId is { } officeId && !await db.Offices.AnyAsync(o => o.Id == officeId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(IFields.OfficeId), l["所选专项办不存在"]));
            }

            return errors;
        }
    }
}
