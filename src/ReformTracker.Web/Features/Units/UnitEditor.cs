using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Features.Shared;

namespace ReformTracker.Web.Features.Units;

/// <summary>Create and edit a unit and its place in the district → town → village tree.</summary>
public static class UnitEditor
{
    public const int MaxSortOrder = 9999;

    public sealed class Form
    {
        public string? Name { get; set; }

        public string? ShortName { get; set; }

        public UnitKind Kind { get; set; }

        public int? ParentId { get; set; }

        public int SortOrder { get; set; }

        public int Version { get; set; }
    }

    public sealed record Model(int? Id, Form Form, IReadOnlyList<Option> Parents);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Name).NotEmpty().WithMessage(l["请填写单位名称"])
                .MaximumLength(Lengths.Name).WithMessage(l["单位名称不能超过 {0} 个字", Lengths.Name]);
            RuleFor(f => f.ShortName).NotEmpty().WithMessage(l["请填写简称"])
                .MaximumLength(Lengths.ShortName).WithMessage(l["简称不能超过 {0} 个字", Lengths.ShortName]);
            RuleFor(f => f.Kind).IsInEnum().WithMessage(l["请选择单位类型"]);
            RuleFor(f => f.SortOrder).InclusiveBetween(0, MaxSortOrder).WithMessage(l["排序号应在 0 到 {0} 之间", MaxSortOrder]);
        }
    }

    public sealed class Handler(AppDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<Model> NewAsync(UnitKind? kind, CancellationToken cancellationToken) =>
            WithOptionsAsync(null, new Form { Kind = kind is { } k && Enum.IsDefined(k) ? k : UnitKind.Department }, cancellationToken);

        public Task<bool> ExistsAsync(int id, CancellationToken cancellationToken) => db.Units.AnyAsync(u => u.Id == id, cancellationToken);

        public async Task<Model?> EditAsync(int id, CancellationToken cancellationToken)
        {
            var form = await db.Units.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new Form
                {
                    Name = u.Name,
                    ShortName = u.ShortName,
                    Kind = u.Kind,
                    ParentId = u.ParentId,
                    SortOrder = u.SortOrder,
                    Version = u.Version,
                })
                .SingleOrDefaultAsync(cancellationToken);
            return form is null ? null : await WithOptionsAsync(id, form, cancellationToken);
        }

        /// <summary>Re-renders a form as the user typed it; a unit is never offered as its own parent.</summary>
        public async Task<Model> WithOptionsAsync(int? id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var units = await db.Units.AsNoTracking().Where(u => u.Id != id)
                .OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Name)
                .Select(u => new { u.Id, u.Name, u.Kind }).ToListAsync(cancellationToken);
            return new Model(id, form, units.Select(u => new Option(u.Id, u.Name, l[u.Kind.Label()])).ToList());
        }

        public async Task<CommandResult> CreateAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var errors = await CheckReferencesAsync(null, form, cancellationToken);
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            var unit = new Unit(form.Name!, form.ShortName!, form.Kind, form.ParentId, form.SortOrder);
            db.Units.Add(unit);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(unit.Id);
        }

        public async Task<CommandResult> UpdateAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var unit = await db.Units.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
            if (unit is null)
            {
                return CommandResult.NotFound();
            }

            if (unit.Version != form.Version)
            {
                return CommandResult.Conflict(l["该单位已被他人修改（当前版本 {0}），请打开最新内容后重新修改。您填写的内容仍保留在下方。", unit.Version]);
            }

            var errors = await CheckReferencesAsync(id, form, cancellationToken);
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            unit.Update(form.Name!, form.ShortName!, form.Kind, form.ParentId, form.SortOrder);
            db.Entry(unit).Property(u => u.Version).OriginalValue = form.Version;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CommandResult.Conflict(l["该单位刚刚被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"]);
            }

            return CommandResult.Ok(unit.Id);
        }

        /// <summary>Checks what only the database knows: the name is free, the parent exists, fits the kind and closes no loop.</summary>
        private async Task<List<FieldError>> CheckReferencesAsync(int? unitId, Form form, CancellationToken cancellationToken)
        {
            var errors = new List<FieldError>();
            var name = form.Name!.Trim();
            if (await db.Units.IgnoreQueryFilters().AnyAsync(u => u.Name == name && u.Id != unitId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.Name), l["已有名为 {0} 的单位", name]));
            }

            if (form.ParentId is not { } parentId)
            {
                if (form.Kind == UnitKind.Village)
                {
                    errors.Add(new FieldError(nameof(Form.ParentId), l["村（社区）须选择所属镇街作为上级单位"]));
                }

                return errors;
            }

            if (parentId == unitId)
            {
                errors.Add(new FieldError(nameof(Form.ParentId), l["单位不能作为自己的上级单位"]));
                return errors;
            }

            var parentKind = await db.Units.AsNoTracking().Where(u => u.Id == parentId).Select(u => (UnitKind?)u.Kind).SingleOrDefaultAsync(cancellationToken);
            if (parentKind is null)
            {
                errors.Add(new FieldError(nameof(Form.ParentId), l["所选上级单位不存在"]));
                return errors;
            }

            if (form.Kind == UnitKind.Village && parentKind != UnitKind.Town)
            {
                errors.Add(new FieldError(nameof(Form.ParentId), l["村（社区）的上级单位须为镇街，所选单位是{0}", l[parentKind.Value.Label()].Value]));
            }

            if (unitId is { } id && await WouldCloseLoopAsync(id, parentId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.ParentId), l["所选上级单位是本单位的下级单位，不能形成循环"]));
            }

            return errors;
        }

        /// <summary>True when the unit is the proposed parent or one of its ancestors; the tree is small, so one read of all parent links suffices.</summary>
        private async Task<bool> WouldCloseLoopAsync(int unitId, int parentId, CancellationToken cancellationToken)
        {
            var parents = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId })
                .ToDictionaryAsync(u => u.Id, u => u.ParentId, cancellationToken);
            var seen = new HashSet<int>();
            for (int? current = parentId; current is { } c && seen.Add(c); current = parents.GetValueOrDefault(c))
            {
                if (c == unitId)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
