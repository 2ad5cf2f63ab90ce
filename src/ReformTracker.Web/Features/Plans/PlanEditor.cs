using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Plans;

/// <summary>Create and edit a plan with its areas, in one form and one transaction.</summary>
public static class PlanEditor
{
    /// <summary>Blank area rows offered at the end of the form, so adding one needs no script.</summary>
    public const int BlankAreaRows = 3;

    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxSortOrder = 9999;

    public sealed class Form
    {
        public string? Name { get; set; }

        public int? StartYear { get; set; }

        public int? EndYear { get; set; }

        public string? Description { get; set; }

        public List<AreaInput> Areas { get; set; } = [];

        public int Version { get; set; }

        internal IEnumerable<(AreaInput Row, int Index)> FilledAreas() =>
            Areas.Select((a, i) => (a, i)).Where(x => !x.a.IsBlank);
    }

    public sealed class AreaInput
    {
        public int? Id { get; set; }

        public string? Name { get; set; }

        /// <summary>Left empty: a new area goes last, an existing one keeps its place.</summary>
        public int? SortOrder { get; set; }

        public bool IsBlank => Id is null && string.IsNullOrWhiteSpace(Name) && SortOrder is null;
    }

    public sealed record Model(int? Id, Form Form, int TaskCount);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Name).NotEmpty().WithMessage(l["请填写清单名称"])
                .MaximumLength(Lengths.Title).WithMessage(l["清单名称不能超过 {0} 个字", Lengths.Title]);
            RuleFor(f => f.StartYear).NotNull().WithMessage(l["请填写起始年份"])
                .InclusiveBetween(MinYear, MaxYear).WithMessage(l["年份应在 {0} 到 {1} 之间", MinYear, MaxYear]);
            RuleFor(f => f.EndYear).NotNull().WithMessage(l["请填写截止年份"])
                .InclusiveBetween(MinYear, MaxYear).WithMessage(l["年份应在 {0} 到 {1} 之间", MinYear, MaxYear])
                .GreaterThanOrEqualTo(f => f.StartYear).When(f => f.StartYear is not null).WithMessage(l["截止年份不能早于起始年份"]);
            RuleFor(f => f.Description).MaximumLength(Lengths.MediumText).WithMessage(l["说明不能超过 {0} 个字", Lengths.MediumText]);

            RuleForEach(f => f.Areas).ChildRules(a =>
            {
                a.RuleFor(x => x.Name).NotEmpty().When(x => !x.IsBlank).WithMessage(l["请填写领域名称"])
                    .MaximumLength(Lengths.Name).WithMessage(l["领域名称不能超过 {0} 个字", Lengths.Name]);
                a.RuleFor(x => x.SortOrder).InclusiveBetween(0, MaxSortOrder).WithMessage(l["排序号应在 0 到 {0} 之间", MaxSortOrder]);
            });

            RuleFor(f => f.Areas).Custom((areas, context) =>
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < areas.Count; i++)
                {
                    var name = areas[i].Name?.Trim();
                    if (!string.IsNullOrEmpty(name) && !seen.Add(name))
                    {
                        context.AddFailure($"{nameof(Form.Areas)}[{i}].{nameof(AreaInput.Name)}", l["领域名称“{0}”重复", name]);
                    }
                }
            });
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, IStringLocalizer<SharedResource> l)
    {
        public Task<Model> NewAsync(CancellationToken cancellationToken)
        {
            var year = clock.Today.Year;
            return WithRowsAsync(null, new Form { StartYear = year, EndYear = year }, cancellationToken);
        }

        public Task<bool> ExistsAsync(int id, CancellationToken cancellationToken) => db.Plans.AnyAsync(p => p.Id == id, cancellationToken);

        public async Task<Model?> EditAsync(int id, CancellationToken cancellationToken)
        {
            var plan = await db.Plans.AsNoTracking().Include(p => p.Areas).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (plan is null)
            {
                return null;
            }

            var form = new Form
            {
                Name = plan.Name,
                StartYear = plan.StartYear,
                EndYear = plan.EndYear,
                Description = plan.Description,
                Areas = plan.Areas.OrderBy(a => a.SortOrder).ThenBy(a => a.Id)
                    .Select(a => new AreaInput { Id = a.Id, Name = a.Name, SortOrder = a.SortOrder })
                    .ToList(),
                Version = plan.Version,
            };
            return await WithRowsAsync(id, form, cancellationToken);
        }

        /// <summary>Re-renders a form as the user typed it, with blank area rows to fill.</summary>
        public async Task<Model> WithRowsAsync(int? id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var blanks = BlankAreaRows - form.Areas.Count(a => a.IsBlank);
            for (var i = 0; i < blanks; i++)
            {
                form.Areas.Add(new AreaInput());
            }

            var taskCount = id is null ? 0 : await db.Tasks.CountAsync(t => t.PlanId == id, cancellationToken);
            return new Model(id, form, taskCount);
        }

        public async Task<CommandResult> CreateAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var errors = await CheckNameAsync(null, form, cancellationToken);
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            var plan = new Plan(form.Name!, form.StartYear!.Value, form.EndYear!.Value, form.Description ?? string.Empty);
            foreach (var (row, _) in form.FilledAreas())
            {
                var area = plan.AddArea(row.Name!);
                if (row.SortOrder is { } sortOrder)
                {
                    area.Update(area.Name, sortOrder);
                }
            }

            db.Plans.Add(plan);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(plan.Id);
        }

        public async Task<CommandResult> UpdateAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var plan = await db.Plans.Include(p => p.Areas).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (plan is null)
            {
                return CommandResult.NotFound();
            }

            if (plan.Version != form.Version)
            {
                return CommandResult.Conflict(l["该清单已被他人修改（当前版本 {0}），请打开最新内容后重新修改。您填写的内容仍保留在下方。", plan.Version]);
            }

            var errors = await CheckNameAsync(id, form, cancellationToken);
            errors.AddRange(CheckAreas(plan, form));
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            plan.Update(form.Name!, form.StartYear!.Value, form.EndYear!.Value, form.Description ?? string.Empty);
            foreach (var (row, _) in form.FilledAreas().Where(x => x.Row.Id is not null))
            {
                var area = plan.Areas.Single(a => a.Id == row.Id);
                area.Update(row.Name!, row.SortOrder ?? area.SortOrder);
            }

            foreach (var (row, _) in form.FilledAreas().Where(x => x.Row.Id is null))
            {
                var area = plan.AddArea(row.Name!);
                if (row.SortOrder is { } sortOrder)
                {
                    area.Update(area.Name, sortOrder);
                }
            }

            // The plan's version guards its areas too: mark it modified so every save bumps and checks it.
            db.Entry(plan).Property(p => p.UpdatedAtUtc).IsModified = true;
            db.Entry(plan).Property(p => p.Version).OriginalValue = form.Version;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CommandResult.Conflict(l["该清单刚刚被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"]);
            }

            return CommandResult.Ok(plan.Id);
        }

        private async Task<List<FieldError>> CheckNameAsync(int? planId, Form form, CancellationToken cancellationToken)
        {
            var errors = new List<FieldError>();
            var name = form.Name!.Trim();
            if (await db.Plans.IgnoreQueryFilters().AnyAsync(p => p.Name == name && p.Id != planId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.Name), l["已有名为 {0} 的清单", name]));
            }

            return errors;
        }

        /// <summary>
        /// Rows must belong to this plan, and no name may collide with a stored area once saved. A name still held by
        /// another area that this save renames is refused too: the unique index is checked row by row, so a swap would fail.
        /// </summary>
        private List<FieldError> CheckAreas(Plan plan, Form form)
        {
            var errors = new List<FieldError>();
            var renamed = form.FilledAreas().Where(x => x.Row.Id is not null).ToDictionary(x => x.Row.Id!.Value, x => x.Row.Name!.Trim());
            foreach (var (row, index) in form.FilledAreas())
            {
                var field = $"{nameof(Form.Areas)}[{index}].{nameof(AreaInput.Name)}";
                if (row.Id is { } areaId && plan.Areas.All(a => a.Id != areaId))
                {
                    errors.Add(new FieldError(field, l["该领域不属于本清单"]));
                    continue;
                }

                var name = row.Name!.Trim();
                var holder = plan.Areas.FirstOrDefault(a => a.Id != row.Id && string.Equals(a.Name, name, StringComparison.Ordinal));
                if (holder is null)
                {
                    continue;
                }

                errors.Add(renamed.TryGetValue(holder.Id, out var holderNewName) && holderNewName != name
                    ? new FieldError(field, l["“{0}”是另一领域的现用名称，请先保存那个领域的改名，再使用此名称", name])
                    : new FieldError(field, l["本清单已有名为“{0}”的领域", name]));
            }

            return errors;
        }
    }
}
