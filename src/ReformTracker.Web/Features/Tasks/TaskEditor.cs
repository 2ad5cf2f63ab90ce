using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Tasks;

/// <summary>Create and edit a task, its cooperating units and its milestones, in one form and one transaction.</summary>
public static class TaskEditor
{
    /// <summary>Blank milestone rows offered at the end of the form, so adding one needs no script.</summary>
    public const int BlankMilestoneRows = 3;

    public sealed class Form
    {
        public int? PlanId { get; set; }

        public string? Code { get; set; }

        public string? Title { get; set; }

        public string? Content { get; set; }

        public string? Target { get; set; }

        public string? WorkStandard { get; set; }

        public int? AreaId { get; set; }

        public int? OfficeId { get; set; }

        public int? LeadUnitId { get; set; }

        public int? LeadingOfficialId { get; set; }

        public DateOnly? StartDate { get; set; }

        public DateOnly? DueDate { get; set; }

        public TaskPriority Priority { get; set; }

        public ReformTaskStatus Status { get; set; }

        public bool IsKeyProject { get; set; }

        public decimal? PlannedTotalInvestment { get; set; }

        public decimal? PlannedAnnualInvestment { get; set; }

        public ConstructionState? ConstructionState { get; set; }

        public List<int> CooperatingUnitIds { get; set; } = [];

        public List<MilestoneInput> Milestones { get; set; } = [];

        public int Version { get; set; }

        internal IEnumerable<(MilestoneInput Row, int Index)> FilledMilestones() =>
            Milestones.Select((m, i) => (m, i)).Where(x => !x.m.IsBlank);
    }

    public sealed class MilestoneInput
    {
        public int? Id { get; set; }

        public string? Title { get; set; }

        public DateOnly? PlannedDate { get; set; }

        public DateOnly? DoneDate { get; set; }

        public bool Remove { get; set; }

        public bool IsBlank => Id is null && string.IsNullOrWhiteSpace(Title) && PlannedDate is null && DoneDate is null;
    }

    public sealed record Model(
        int? Id,
        Form Form,
        IReadOnlyList<Option> Plans,
        IReadOnlyList<Option> Areas,
        IReadOnlyList<Option> Offices,
        IReadOnlyList<Option> Units,
        IReadOnlyList<Option> Officials);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.PlanId).NotNull().WithMessage(l["请选择所属清单"]);
            RuleFor(f => f.Code).NotEmpty().WithMessage(l["请填写任务编号"])
                .MaximumLength(Lengths.Code).WithMessage(l["任务编号不能超过 {0} 个字符", Lengths.Code])
                .Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$").WithMessage(l["任务编号只能包含字母、数字、点、横线和下划线"]);
            RuleFor(f => f.Title).NotEmpty().WithMessage(l["请填写任务名称"])
                .MaximumLength(Lengths.Title).WithMessage(l["任务名称不能超过 {0} 个字", Lengths.Title]);
            RuleFor(f => f.Content).MaximumLength(Lengths.LongText).WithMessage(l["任务内容不能超过 {0} 个字", Lengths.LongText]);
            RuleFor(f => f.Target).MaximumLength(Lengths.LongText).WithMessage(l["目标不能超过 {0} 个字", Lengths.LongText]);
            RuleFor(f => f.WorkStandard).MaximumLength(Lengths.LongText).WithMessage(l["工作标准不能超过 {0} 个字", Lengths.LongText]);
            RuleFor(f => f.AreaId).NotNull().WithMessage(l["请选择领域"]);
            RuleFor(f => f.OfficeId).NotNull().WithMessage(l["请选择专项办"]);
            RuleFor(f => f.LeadUnitId).NotNull().WithMessage(l["请选择牵头单位"]);
            RuleFor(f => f.StartDate).NotNull().WithMessage(l["请填写开始日期"]);
            RuleFor(f => f.DueDate).NotNull().WithMessage(l["请填写完成时限"])
                .GreaterThanOrEqualTo(f => f.StartDate).When(f => f.StartDate is not null, ApplyConditionTo.CurrentValidator).WithMessage(l["完成时限不能早于开始日期"]);
            RuleFor(f => f.Priority).IsInEnum().WithMessage(l["请选择优先级"]);
            RuleFor(f => f.Status).IsInEnum().WithMessage(l["请选择状态"]);

            When(f => f.IsKeyProject, () =>
            {
                RuleFor(f => f.PlannedTotalInvestment).NotNull().WithMessage(l["重点项目须填写计划总投资"])
                    .GreaterThanOrEqualTo(0).WithMessage(l["投资额不能为负数"])
                    .LessThan(100_000_000m).WithMessage(l["投资额过大，请以万元为单位填写"]);
                RuleFor(f => f.PlannedAnnualInvestment).NotNull().WithMessage(l["重点项目须填写年度计划投资"])
                    .GreaterThanOrEqualTo(0).WithMessage(l["投资额不能为负数"])
                    .LessThanOrEqualTo(f => f.PlannedTotalInvestment).When(f => f.PlannedTotalInvestment is not null, ApplyConditionTo.CurrentValidator)
                    .WithMessage(l["年度计划投资不能大于计划总投资"]);
                RuleFor(f => f.ConstructionState).NotNull().WithMessage(l["重点项目须选择建设状态"]).IsInEnum().WithMessage(l["请选择建设状态"]);
            });

            RuleForEach(f => f.Milestones).ChildRules(m =>
            {
                m.RuleFor(x => x.Title).NotEmpty().When(x => !x.IsBlank && !x.Remove).WithMessage(l["请填写节点内容"])
                    .MaximumLength(Lengths.Title).WithMessage(l["节点内容不能超过 {0} 个字", Lengths.Title]);
                m.RuleFor(x => x.PlannedDate).NotNull().When(x => !x.IsBlank && !x.Remove).WithMessage(l["请填写节点计划日期"]);
            });
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, SupervisionSignals signals, IStringLocalizer<SharedResource> l)
    {
        public async Task<Model> NewAsync(int? planId, CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var form = new Form
            {
                PlanId = planId,
                StartDate = new DateOnly(today.Year, 1, 1),
                DueDate = new DateOnly(today.Year, 12, 31),
                Priority = TaskPriority.Normal,
                Status = ReformTaskStatus.NotStarted,
            };
            return await WithOptionsAsync(null, form, cancellationToken);
        }

        public Task<bool> ExistsAsync(int id, CancellationToken cancellationToken) => db.Tasks.VisibleTo(user).AnyAsync(t => t.Id == id, cancellationToken);

        public async Task<Model?> EditAsync(int id, CancellationToken cancellationToken)
        {
            var task = await db.Tasks.AsNoTracking().VisibleTo(user).Include(t => t.Milestones).Include(t => t.Cooperations)
                .SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (task is null)
            {
                return null;
            }

            var form = new Form
            {
                PlanId = task.PlanId,
                Code = task.Code,
                Title = task.Title,
                Content = task.Content,
                Target = task.Target,
                WorkStandard = task.WorkStandard,
                AreaId = task.AreaId,
                OfficeId = task.OfficeId,
                LeadUnitId = task.LeadUnitId,
                LeadingOfficialId = task.LeadingOfficialId,
                StartDate = task.StartDate,
                DueDate = task.DueDate,
                Priority = task.Priority,
                Status = task.Status,
                IsKeyProject = task.IsKeyProject,
                PlannedTotalInvestment = task.PlannedTotalInvestment,
                PlannedAnnualInvestment = task.PlannedAnnualInvestment,
                ConstructionState = task.ConstructionState,
                CooperatingUnitIds = task.Cooperations.Select(c => c.UnitId).ToList(),
                Milestones = task.Milestones.OrderBy(m => m.PlannedDate)
                    .Select(m => new MilestoneInput { Id = m.Id, Title = m.Title, PlannedDate = m.PlannedDate, DoneDate = m.DoneDate })
                    .ToList(),
                Version = task.Version,
            };
            return await WithOptionsAsync(id, form, cancellationToken);
        }

        /// <summary>Re-renders a form as the user typed it, with fresh option lists and blank milestone rows.</summary>
        public async Task<Model> WithOptionsAsync(int? id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var blanks = BlankMilestoneRows - form.Milestones.Count(m => m.IsBlank);
            for (var i = 0; i < blanks; i++)
            {
                form.Milestones.Add(new MilestoneInput());
            }

            var plans = await db.Plans.AsNoTracking().OrderByDescending(p => p.StartYear).ThenBy(p => p.Name)
                .Select(p => new Option(p.Id, p.Name, null)).ToListAsync(cancellationToken);
            var areas = await (from a in db.Areas
                               join p in db.Plans on a.PlanId equals p.Id
                               orderby p.StartYear descending, p.Name, a.SortOrder
                               select new Option(a.Id, a.Name, p.Name)).AsNoTracking().ToListAsync(cancellationToken);
            var offices = await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => new Option(o.Id, o.Name, null)).ToListAsync(cancellationToken);
            var units = await db.UnitsInDisplayOrderAsync(cancellationToken);
            var officials = await db.Officials.AsNoTracking().OrderBy(o => o.Id)
                .Select(o => new Option(o.Id, o.Name + "（" + o.Position + "）", null)).ToListAsync(cancellationToken);
            return new Model(id, form, plans, areas, offices, units.Select(u => new Option(u.Id, u.Name, l[u.Kind.Label()])).ToList(), officials);
        }

        public async Task<CommandResult> CreateAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var errors = await CheckReferencesAsync(null, form.PlanId!.Value, form, cancellationToken);
            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            if (form.Status == ReformTaskStatus.Completed)
            {
                errors.Add(CompletedOnlyByCloseOut());
                return CommandResult.Invalid(errors);
            }

            var task = new ReformTask(form.PlanId!.Value, ToDefinition(form), form.CooperatingUnitIds);
            task.ChangeStatus(form.Status, clock.Today);
            foreach (var (row, _) in form.FilledMilestones().Where(x => !x.Row.Remove))
            {
                task.AddMilestone(row.Title!, row.PlannedDate!.Value, row.DoneDate);
            }

            db.Tasks.Add(task);
            await db.SaveChangesAsync(cancellationToken);
            signals.TaskChanged(task.Id);
            return CommandResult.Ok(task.Id);
        }

        public async Task<CommandResult> UpdateAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var task = await db.Tasks.VisibleTo(user).Include(t => t.Milestones).Include(t => t.Cooperations)
                .SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (task is null)
            {
                return CommandResult.NotFound();
            }

            if (task.Version != form.Version)
            {
                return CommandResult.Conflict(l["该任务已被他人修改（当前版本 {0}），请打开最新内容后重新修改。您填写的内容仍保留在下方。", task.Version]);
            }

            // A task never moves to another plan: its areas and code are checked against its own plan.
            form.PlanId = task.PlanId;
            var errors = await CheckReferencesAsync(id, task.PlanId, form, cancellationToken);
            foreach (var (row, index) in form.FilledMilestones().Where(x => x.Row.Id is not null))
            {
                if (task.Milestones.All(m => m.Id != row.Id))
                {
                    errors.Add(new FieldError($"Milestones[{index}].Title", l["该节点不属于本任务"]));
                }
            }

            if (form.Status == ReformTaskStatus.Completed && task.Status != ReformTaskStatus.Completed)
            {
                errors.Add(CompletedOnlyByCloseOut());
            }

            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            task.Redefine(ToDefinition(form), form.CooperatingUnitIds);
            task.ChangeStatus(form.Status, clock.Today);
            foreach (var (row, _) in form.FilledMilestones())
            {
                if (row.Id is { } milestoneId)
                {
                    if (row.Remove)
                    {
                        task.RemoveMilestone(milestoneId);
                    }
                    else
                    {
                        task.UpdateMilestone(milestoneId, row.Title!, row.PlannedDate!.Value, row.DoneDate);
                    }
                }
                else if (!row.Remove)
                {
                    task.AddMilestone(row.Title!, row.PlannedDate!.Value, row.DoneDate);
                }
            }

            db.Entry(task).Property(t => t.Version).OriginalValue = form.Version;
            // Milestones and cooperating units are rows of their own: touch the task so its version moves with them.
            db.Entry(task).Property(t => t.UpdatedAtUtc).IsModified = true;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CommandResult.Conflict(l["该任务刚刚被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"]);
            }

            signals.TaskChanged(task.Id);
            return CommandResult.Ok(task.Id);
        }

        /// <summary>Checks what only the database knows: the chosen plan, area, office and units exist and fit together, and the code is free.</summary>
        private async Task<List<FieldError>> CheckReferencesAsync(int? taskId, int planId, Form form, CancellationToken cancellationToken)
        {
            var errors = new List<FieldError>();
            if (!await db.Plans.AnyAsync(p => p.Id == planId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.PlanId), l["所选清单不存在"]));
            }

            if (!await db.Areas.AnyAsync(a => a.Id == form.AreaId && a.PlanId == planId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.AreaId), l["所选领域不属于该清单"]));
            }

            if (!await db.Offices.AnyAsync(o => o.Id == form.OfficeId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.OfficeId), l["所选专项办不存在"]));
            }

            if (!await db.Units.AnyAsync(u => u.Id == form.LeadUnitId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.LeadUnitId), l["所选牵头单位不存在"]));
            }

            if (form.LeadingOfficialId is { } officialId && !await db.Officials.AnyAsync(o => o.Id == officialId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.LeadingOfficialId), l["所选领办领导不存在"]));
            }

            var cooperating = form.CooperatingUnitIds.Distinct().ToList();
            if (cooperating.Count > 0 && await db.Units.CountAsync(u => cooperating.Contains(u.Id), cancellationToken) != cooperating.Count)
            {
                errors.Add(new FieldError(nameof(Form.CooperatingUnitIds), l["配合单位中有不存在的单位"]));
            }

            var code = form.Code!.Trim();
            if (await db.Tasks.IgnoreQueryFilters().AnyAsync(t => t.PlanId == planId && t.Code == code && t.Id != taskId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.Code), l["该清单中已有编号为 {0} 的任务", code]));
            }

            return errors;
        }

        private FieldError CompletedOnlyByCloseOut() =>
            new(nameof(Form.Status), l["任务只能经销号核验后完成：请由牵头单位提出销号申请，专项办核验通过"]);

        private static TaskDefinition ToDefinition(Form form) => new(
            form.Code!,
            form.Title!,
            form.Content ?? string.Empty,
            form.Target ?? string.Empty,
            form.WorkStandard ?? string.Empty,
            form.AreaId!.Value,
            form.OfficeId!.Value,
            form.LeadUnitId!.Value,
            form.LeadingOfficialId,
            form.StartDate!.Value,
            form.DueDate!.Value,
            form.Priority,
            form.IsKeyProject
                ? new KeyProjectFacts(form.PlannedTotalInvestment!.Value, form.PlannedAnnualInvestment!.Value, form.ConstructionState!.Value)
                : null);
    }
}
