using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Features.Shared;

namespace ReformTracker.Web.Features.Offices;

/// <summary>Create and edit a 专项办: its names, duties and leading official.</summary>
public static class OfficeEditor
{
    public sealed class Form
    {
        public string? Name { get; set; }

        public string? ShortName { get; set; }

        public string? Duties { get; set; }

        public int? LeadingOfficialId { get; set; }

        public int Version { get; set; }
    }

    public sealed record Model(int? Id, Form Form, IReadOnlyList<Option> Officials);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Name).NotEmpty().WithMessage(l["请填写专项办名称"])
                .MaximumLength(Lengths.Name).WithMessage(l["专项办名称不能超过 {0} 个字", Lengths.Name]);
            RuleFor(f => f.ShortName).NotEmpty().WithMessage(l["请填写简称"])
                .MaximumLength(Lengths.ShortName).WithMessage(l["简称不能超过 {0} 个字", Lengths.ShortName]);
            RuleFor(f => f.Duties).MaximumLength(Lengths.MediumText).WithMessage(l["职责不能超过 {0} 个字", Lengths.MediumText]);
        }
    }

    public sealed class Handler(AppDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<Model> NewAsync(CancellationToken cancellationToken) => WithOptionsAsync(null, new Form(), cancellationToken);

        public Task<bool> ExistsAsync(int id, CancellationToken cancellationToken) => db.Offices.AnyAsync(o => o.Id == id, cancellationToken);

        public async Task<Model?> EditAsync(int id, CancellationToken cancellationToken)
        {
            var form = await db.Offices.AsNoTracking().Where(o => o.Id == id)
                .Select(o => new Form
                {
                    Name = o.Name,
                    ShortName = o.ShortName,
                    Duties = o.Duties,
                    LeadingOfficialId = o.LeadingOfficialId,
                    Version = o.Version,
                })
                .SingleOrDefaultAsync(cancellationToken);
            return form is null ? null : await WithOptionsAsync(id, form, cancellationToken);
        }

        public async Task<Model> WithOptionsAsync(int? id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var officials = await db.Officials.AsNoTracking().OrderBy(o => o.Id)
                .Select(o => new Option(o.Id, o.Name + "（" + o.Position + "）", null)).ToListAsync(cancellationToken);
            return new Model(id, form, officials);
        }

        public async Task<CommandResult> CreateAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var errors = await CheckReferencesAsync(null, form, cancellationToken);
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            var office = new Office(form.Name!, form.ShortName!, form.Duties ?? string.Empty, form.LeadingOfficialId);
            db.Offices.Add(office);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(office.Id);
        }

        public async Task<CommandResult> UpdateAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var office = await db.Offices.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
            if (office is null)
            {
                return CommandResult.NotFound();
            }

            if (office.Version != form.Version)
            {
                return CommandResult.Conflict(l["该专项办已被他人修改（当前版本 {0}），请打开最新内容后重新修改。您填写的内容仍保留在下方。", office.Version]);
            }

            var errors = await CheckReferencesAsync(id, form, cancellationToken);
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            office.Update(form.Name!, form.ShortName!, form.Duties ?? string.Empty, form.LeadingOfficialId);
            db.Entry(office).Property(o => o.Version).OriginalValue = form.Version;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CommandResult.Conflict(l["该专项办刚刚被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"]);
            }

            return CommandResult.Ok(office.Id);
        }

        /// <summary>Checks what only the database knows: the name is free and the chosen official exists.</summary>
        private async Task<List<FieldError>> CheckReferencesAsync(int? officeId, Form form, CancellationToken cancellationToken)
        {
            var errors = new List<FieldError>();
            var name = form.Name!.Trim();
            if (await db.Offices.IgnoreQueryFilters().AnyAsync(o => o.Name == name && o.Id != officeId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.Name), l["已有名为 {0} 的专项办", name]));
            }

            if (form.LeadingOfficialId is { } officialId && !await db.Officials.AnyAsync(o => o.Id == officialId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.LeadingOfficialId), l["所选领办领导不存在"]));
            }

            return errors;
        }
    }
}
