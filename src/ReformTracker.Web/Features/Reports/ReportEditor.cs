using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Evidence;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Reports;

/// <summary>
/// The monthly report form of one task: open, save a draft (by hand or autosave), submit. Drafts are saved
/// whatever state they are in, so nothing typed is lost; the strict checks apply on submit.
/// </summary>
public static class ReportEditor
{
    public const string SaveIntent = "save";
    public const string SubmitIntent = "submit";
    public const int BlankProblemRows = 2;

    public sealed class Form
    {
        public string? Achievement { get; set; }

        public int? PercentComplete { get; set; }

        public string? PercentDecreaseReason { get; set; }

        public decimal? InvestmentThisMonth { get; set; }

        public ConstructionState? ConstructionState { get; set; }

        public List<ProblemInput> Problems { get; set; } = [];

        public List<MilestoneInput> Milestones { get; set; } = [];

        public int Version { get; set; }

        /// <summary>One per rendered form: the same post arriving twice (double click, retry) is applied once.</summary>
        public Guid FormToken { get; set; }

        public string? Intent { get; set; }

        /// <summary>The percent of the latest accepted report before this month (for the decrease rule); filled by the handler.</summary>
        internal int? PreviousPercent { get; set; }

        public bool IsSubmit => Intent == SubmitIntent;

        internal IEnumerable<ProblemInput> FilledProblems => Problems.Where(p => !p.IsBlank);
    }

    public sealed class ProblemInput
    {
        public string? Description { get; set; }

        public string? Measure { get; set; }

        public int? ResponsibleUnitId { get; set; }

        public DateOnly? ResolveBy { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Description) && string.IsNullOrWhiteSpace(Measure) && ResponsibleUnitId is null && ResolveBy is null;
    }

    public sealed class MilestoneInput
    {
        public int MilestoneId { get; set; }

        public bool Reached { get; set; }

        public DateOnly? ReachedOn { get; set; }
    }

    public sealed record MilestoneOption(int Id, string Title, DateOnly PlannedDate, DateOnly? DoneDate);

    public sealed record FeedbackView(string Unit, string Text, DateTime UpdatedAtLocal);

    public sealed record Snapshot(int Version, ReportStatus Status, string Achievement, int Percent, string? SubmittedBy, DateTime UpdatedAtLocal);

    public sealed record Model(
        int TaskId,
        string TaskCode,
        string TaskTitle,
        YearMonth Period,
        DateOnly CutOff,
        int DaysToCutOff,
        int? ReportId,
        ReportStatus? Status,
        string? ReviewComment,
        int? PreviousPercent,
        bool IsKeyProject,
        decimal? PlannedAnnualInvestment,
        decimal InvestmentBeforeThisMonth,
        bool CanCarryForward,
        IReadOnlyList<MilestoneOption> MilestoneOptions,
        IReadOnlyList<Option> Units,
        IReadOnlyList<FeedbackView> Feedback,
        Form Form,
        Snapshot? Conflict,
        EvidenceList.Model? Evidence)
    {
        public bool IsEditable => Status is null or ReportStatus.Draft or ReportStatus.Returned;

        public decimal CumulativeInvestment => InvestmentBeforeThisMonth + (Form.InvestmentThisMonth ?? 0);
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Intent).Must(i => i is null or SaveIntent or SubmitIntent).WithMessage(l["无效的操作"]);
            RuleFor(f => f.Achievement).MaximumLength(Lengths.LongText).WithMessage(l["实现情况不能超过 {0} 个字", Lengths.LongText]);
            RuleFor(f => f.PercentComplete).InclusiveBetween(0, 100).WithMessage(l["完成进度须在 0 到 100 之间"]);
            RuleFor(f => f.InvestmentThisMonth).GreaterThanOrEqualTo(0).WithMessage(l["本月完成投资不能为负数"])
                .LessThan(100_000_000m).WithMessage(l["投资额过大，请以万元为单位填写"]);
            RuleFor(f => f.PercentDecreaseReason).MaximumLength(Lengths.MediumText).WithMessage(l["说明不能超过 {0} 个字", Lengths.MediumText]);
            RuleFor(f => f.Problems).Must(p => p.Count <= 50).WithMessage(l["存在问题不能超过 50 条"]);
            RuleForEach(f => f.Problems).ChildRules(p =>
            {
                p.RuleFor(x => x.Description).MaximumLength(Lengths.MediumText).WithMessage(l["问题描述不能超过 {0} 个字", Lengths.MediumText]);
                p.RuleFor(x => x.Measure).MaximumLength(Lengths.MediumText).WithMessage(l["具体措施不能超过 {0} 个字", Lengths.MediumText]);
            });

            When(f => f.IsSubmit, () =>
            {
                RuleFor(f => f.Achievement).NotEmpty().WithMessage(l["提交前请填写本月实现情况"]);
                RuleFor(f => f.PercentComplete).NotNull().WithMessage(l["提交前请填写完成进度"]);
                RuleFor(f => f.PercentDecreaseReason).NotEmpty()
                    .When(f => f.PreviousPercent is { } previous && f.PercentComplete < previous)
                    .WithMessage(f => l["完成进度低于上月通过的 {0}%，请说明原因", f.PreviousPercent!.Value].Value);
                RuleForEach(f => f.Problems).ChildRules(p =>
                {
                    p.RuleFor(x => x.Description).NotEmpty().When(x => !x.IsBlank).WithMessage(l["请填写问题描述"]);
                    p.RuleFor(x => x.Measure).NotEmpty().When(x => !x.IsBlank).WithMessage(l["请填写具体措施"]);
                    p.RuleFor(x => x.ResponsibleUnitId).NotNull().When(x => !x.IsBlank).WithMessage(l["请选择责任单位"]);
                    p.RuleFor(x => x.ResolveBy).NotNull().When(x => !x.IsBlank).WithMessage(l["请填写解决时限"]);
                });
                RuleForEach(f => f.Milestones).ChildRules(m =>
                    m.RuleFor(x => x.ReachedOn).NotNull().When(x => x.Reached).WithMessage(l["请填写节点完成日期"]));
            });
        }
    }

    public enum Access
    {
        Allowed,
        NotFound,
        Forbidden,
    }

    public sealed class Handler(
        AppDbContext db,
        DistrictClock clock,
        ReportingCalendar calendar,
        CurrentUser user,
        IValidator<Form> validator,
        EvidenceList.Handler evidence,
        IStringLocalizer<SharedResource> l)
    {
        /// <summary>What a save needs of the task, as the access check read it.</summary>
        private sealed record CheckedTask(int Id, bool Files, DateOnly StartDate, int LeadUnitId, bool IsKeyProject);

        /// <summary>A month of the task that has a report: enough to tell whether this month has one and what was last accepted.</summary>
        private sealed record FiledMonth(YearMonth Period, ReportStatus Status, int PercentComplete);

        private CheckedTask? _checked;

        /// <summary>404 when the task is unknown or outside the user's scope; 403 when it is visible but another unit files it.</summary>
        public async Task<Access> CheckAccessAsync(int taskId, CancellationToken cancellationToken) =>
            await CheckedAsync(taskId, cancellationToken) switch
            {
                null => Access.NotFound,
                { Files: true } => Access.Allowed,
                _ => Access.Forbidden,
            };

        /// <summary>
        /// One query for both answers of the access check (invisible, or visible but not the user's to file) and for what a
        /// save needs of the task; kept for the rest of the request, in which the access check precedes the save.
        /// </summary>
        private async Task<CheckedTask?> CheckedAsync(int taskId, CancellationToken cancellationToken)
        {
            if (_checked?.Id != taskId)
            {
                var filedByUser = db.Tasks.FiledBy(user);
                _checked = await db.Tasks.VisibleTo(user).Where(t => t.Id == taskId)
                    .Select(t => new CheckedTask(t.Id, filedByUser.Any(f => f.Id == t.Id), t.StartDate, t.LeadUnitId, t.IsKeyProject))
                    .FirstOrDefaultAsync(cancellationToken);
            }

            return _checked;
        }

        public YearMonth OpenPeriod => calendar.OpenPeriodOn(clock.Today);

        /// <summary>The version an autosave hands back to the page, so its next save is not taken for a conflict.</summary>
        public Task<int> VersionOfAsync(int reportId, CancellationToken cancellationToken) =>
            db.Reports.Where(r => r.Id == reportId).Select(r => r.Version).SingleAsync(cancellationToken);

        public async Task<Model> OpenAsync(int taskId, YearMonth period, CancellationToken cancellationToken)
        {
            var report = await LoadReportAsync(taskId, period, tracking: false, cancellationToken);
            var form = report is null ? new Form() : ToForm(report);
            form.FormToken = Guid.NewGuid();
            return await ModelAsync(taskId, period, report, form, null, cancellationToken);
        }

        /// <summary>Re-renders what the user posted, with the current state of the report (and its content on a conflict).</summary>
        public async Task<Model> RedisplayAsync(int taskId, YearMonth period, Form form, bool showConflict, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var report = await LoadReportAsync(taskId, period, tracking: false, cancellationToken);
            Snapshot? conflict = null;
            if (showConflict && report is not null)
            {
                conflict = new Snapshot(report.Version, report.Status, report.Achievement, report.PercentComplete, report.SubmittedBy, clock.ToLocal(report.UpdatedAtUtc));

                // Saving again deliberately replaces the stored text with the user's.
                form.Version = report.Version;
            }

            form.FormToken = Guid.NewGuid();
            return await ModelAsync(taskId, period, report, form, conflict, cancellationToken);
        }

        public async Task<CommandResult> SaveAsync(int taskId, YearMonth period, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            if (!ReportObligation.IsFileable(period, OpenPeriod))
            {
                return CommandResult.Invalid(string.Empty, l["不能填报 {0} 的月报：该月份尚未开始填报", period.ToString()]);
            }

            var task = await CheckedAsync(taskId, cancellationToken) is { Files: true } filedTask
                ? filedTask
                : throw new InvalidOperationException($"Task {taskId} is not the user's to file: check access before saving.");
            if (period < YearMonth.Of(task.StartDate))
            {
                return CommandResult.Invalid(string.Empty, l["该任务 {0} 才开始，无需填报更早月份", YearMonth.Of(task.StartDate).ToString()]);
            }

            var filed = await FiledMonthsAsync(taskId, period, cancellationToken);
            form.PreviousPercent = PreviousPercentIn(filed, period);
            var strict = await validator.ValidateAsync(form, cancellationToken);
            if (!strict.IsValid)
            {
                return CommandResult.Invalid(strict.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage)).ToList());
            }

            // Most saves in the filing rush start a month's report: the full report is read only when the month has one.
            var report = filed.Any(m => m.Period == period) ? await LoadReportAsync(taskId, period, tracking: true, cancellationToken) : null;
            if (report is not null && report.LastFormToken == form.FormToken)
            {
                return CommandResult.Ok(report.Id);
            }

            if (report is null && form.Version != 0)
            {
                return CommandResult.Conflict(l["该月报已被他人删除或重建，请核对下方内容后重新保存"]);
            }

            if (report is not null && report.Version != form.Version)
            {
                return CommandResult.Conflict(l["该月报已被他人修改（当前版本 {0}）。右侧是已保存的内容，左侧是您填写的内容，请核对后再保存。", report.Version]);
            }

            if (report is not null && !report.Allows(ReportTransition.Edit))
            {
                return CommandResult.Invalid(string.Empty, l["该月报{0}，不能再修改", l[report.Status.Label()].Value]);
            }

            // Only milestones of this task can be marked reached; most reports mark none, so most saves skip the lookup.
            var claimed = form.Milestones.Where(m => m.Reached).Select(m => m.MilestoneId).ToList();
            var milestoneIds = claimed.Count == 0
                ? []
                : (await db.Milestones.AsNoTracking().Where(m => m.TaskId == taskId && claimed.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken)).ToHashSet();
            var unitIds = form.FilledProblems.Select(p => p.ResponsibleUnitId).OfType<int>().Distinct().ToList();
            if (unitIds.Count > 0 && await db.Units.CountAsync(u => unitIds.Contains(u.Id), cancellationToken) != unitIds.Count)
            {
                return CommandResult.Invalid(nameof(Form.Problems), l["责任单位中有不存在的单位"]);
            }

            report ??= db.Reports.Add(MonthlyReport.StartDraft(taskId, task.LeadUnitId, period)).Entity;
            report.Fill(form.Achievement ?? string.Empty, form.PercentComplete ?? form.PreviousPercent ?? 0, form.PercentDecreaseReason, task.IsKeyProject ? form.InvestmentThisMonth : null, task.IsKeyProject ? form.ConstructionState : null);
            report.ClearProblems();
            foreach (var problem in form.FilledProblems)
            {
                report.AddProblem(problem.Description ?? string.Empty, problem.Measure ?? string.Empty, problem.ResponsibleUnitId, problem.ResolveBy);
            }

            report.SetMilestonesReached(form.Milestones
                .Where(m => m.Reached && milestoneIds.Contains(m.MilestoneId))
                .Select(m => (m.MilestoneId, m.ReachedOn ?? clock.Today)));
            report.MarkFormApplied(form.FormToken);
            if (form.IsSubmit)
            {
                report.Submit(clock.UtcNow, user.UserName);
            }

            if (report.Id != 0)
            {
                db.Entry(report).Property(r => r.Version).OriginalValue = form.Version;
                db.Entry(report).Property(r => r.UpdatedAtUtc).IsModified = true;
            }

            return await SaveOrExplainAsync(taskId, period, form.FormToken, report, cancellationToken);
        }

        /// <summary>沿用上月: a new draft from the previous month's report; refused when this month already has one.</summary>
        public async Task<CommandResult> CarryForwardAsync(int taskId, YearMonth period, CancellationToken cancellationToken)
        {
            if (!ReportObligation.IsFileable(period, OpenPeriod))
            {
                return CommandResult.Invalid(string.Empty, l["不能填报 {0} 的月报：该月份尚未开始填报", period.ToString()]);
            }

            var task = await db.Tasks.AsNoTracking().FiledBy(user).SingleAsync(t => t.Id == taskId, cancellationToken);
            if (await db.Reports.AnyAsync(r => r.TaskId == taskId && r.Period == period, cancellationToken))
            {
                return CommandResult.Invalid(string.Empty, l["{0} 已有月报，无需沿用上月", period.ToString()]);
            }

            var previousPeriod = period.Previous;
            var previous = await db.Reports.AsNoTracking().Include(r => r.Problems)
                .SingleOrDefaultAsync(r => r.TaskId == taskId && r.Period == previousPeriod, cancellationToken);
            if (previous is null)
            {
                return CommandResult.Invalid(string.Empty, l["上月没有月报可沿用"]);
            }

            var draft = db.Reports.Add(MonthlyReport.CarryForward(previous, period, task.LeadUnitId)).Entity;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                return CommandResult.Invalid(string.Empty, l["{0} 已有月报，无需沿用上月", period.ToString()]);
            }

            return CommandResult.Ok(draft.Id);
        }

        private async Task<CommandResult> SaveOrExplainAsync(int taskId, YearMonth period, Guid formToken, MonthlyReport report, CancellationToken cancellationToken)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return CommandResult.Ok(report.Id);
            }
            catch (DbUpdateException)
            {
                // Lost a race: either our own earlier post of this same form won (fine), or someone else's did.
                db.ChangeTracker.Clear();
                var stored = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.TaskId == taskId && r.Period == period, cancellationToken);
                return stored?.LastFormToken == formToken
                    ? CommandResult.Ok(stored.Id)
                    : CommandResult.Conflict(l["该月报刚刚被他人保存。右侧是已保存的内容，左侧是您填写的内容，请核对后再保存。"]);
            }
        }

        /// <summary>The percent of the latest accepted report before <paramref name="period"/> (for the decrease rule).</summary>
        internal async Task<int?> PreviousPercentAsync(int taskId, YearMonth period, CancellationToken cancellationToken) =>
            PreviousPercentIn(await FiledMonthsAsync(taskId, period.Previous, cancellationToken), period);

        /// <summary>The task's months up to <paramref name="upTo"/> that have a report, from the covering index by task.</summary>
        private Task<List<FiledMonth>> FiledMonthsAsync(int taskId, YearMonth upTo, CancellationToken cancellationToken) =>
            db.Reports.AsNoTracking()
                .Where(r => r.TaskId == taskId && r.Period <= upTo)
                .Select(r => new FiledMonth(r.Period, r.Status, r.PercentComplete))
                .ToListAsync(cancellationToken);

        private static int? PreviousPercentIn(List<FiledMonth> filed, YearMonth period) => filed
            .Where(m => m.Period < period && m.Status == ReportStatus.Accepted)
            .OrderByDescending(m => m.Period)
            .Select(m => (int?)m.PercentComplete)
            .FirstOrDefault();

        private Task<MonthlyReport?> LoadReportAsync(int taskId, YearMonth period, bool tracking, CancellationToken cancellationToken)
        {
            var reports = tracking ? db.Reports.AsTracking() : db.Reports.AsNoTracking();
            return reports.Include(r => r.Problems).Include(r => r.MilestonesReached)
                .SingleOrDefaultAsync(r => r.TaskId == taskId && r.Period == period, cancellationToken);
        }

        internal static Form ToForm(MonthlyReport report) => new()
        {
            Achievement = report.Achievement,
            PercentComplete = report.PercentComplete,
            PercentDecreaseReason = report.PercentDecreaseReason,
            InvestmentThisMonth = report.InvestmentThisMonth,
            ConstructionState = report.ConstructionState,
            Problems = report.Problems.Select(p => new ProblemInput { Description = p.Description, Measure = p.Measure, ResponsibleUnitId = p.ResponsibleUnitId, ResolveBy = p.ResolveBy }).ToList(),
            Milestones = report.MilestonesReached.Select(m => new MilestoneInput { MilestoneId = m.MilestoneId, Reached = true, ReachedOn = m.ReachedOn }).ToList(),
            Version = report.Version,
        };

        private async Task<Model> ModelAsync(int taskId, YearMonth period, MonthlyReport? report, Form form, Snapshot? conflict, CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var task = await db.Tasks.AsNoTracking().Include(t => t.Milestones).SingleAsync(t => t.Id == taskId, cancellationToken);
            var previousPercent = await PreviousPercentAsync(taskId, period, cancellationToken);
            var investmentBefore = await db.Reports.AsNoTracking()
                .Where(r => r.TaskId == taskId && r.Period < period && r.Status == ReportStatus.Accepted && r.InvestmentThisMonth != null)
                .SumAsync(r => r.InvestmentThisMonth ?? 0, cancellationToken);
            var canCarryForward = report is null
                && await db.Reports.AnyAsync(r => r.TaskId == taskId && r.Period == period.Previous, cancellationToken);

            // Open milestones, plus those this report already claims, so a returned report can still be corrected.
            var claimed = form.Milestones.Where(m => m.Reached).Select(m => m.MilestoneId).ToHashSet();
            var milestoneOptions = task.Milestones
                .Where(m => m.DoneDate is null || claimed.Contains(m.Id))
                .OrderBy(m => m.PlannedDate)
                .Select(m => new MilestoneOption(m.Id, m.Title, m.PlannedDate, m.DoneDate))
                .ToList();
            var byId = form.Milestones.ToDictionary(m => m.MilestoneId);
            form.Milestones = milestoneOptions.Select(o => byId.TryGetValue(o.Id, out var m) ? m : new MilestoneInput { MilestoneId = o.Id }).ToList();
            for (var i = form.Problems.Count(p => p.IsBlank); i < BlankProblemRows; i++)
            {
                form.Problems.Add(new ProblemInput());
            }

            form.PercentComplete ??= report is null ? previousPercent ?? task.PercentComplete : null;
            var units = (await db.UnitsInDisplayOrderAsync(cancellationToken)).Select(u => new Option(u.Id, u.Name, null)).ToList();
            var feedback = await (from f in db.CooperationFeedback.AsNoTracking()
                                  join u in db.Units on f.UnitId equals u.Id
                                  where f.TaskId == taskId && f.Period == period
                                  orderby u.Name
                                  select new { u.Name, f.Text, f.UpdatedAtUtc }).ToListAsync(cancellationToken);
            var cutOff = calendar.CutOffFor(period);
            return new Model(
                task.Id,
                task.Code,
                task.Title,
                period,
                cutOff,
                cutOff.DayNumber - today.DayNumber,
                report?.Id,
                report?.Status,
                report?.Status == ReportStatus.Returned ? report.ReviewComment : null,
                previousPercent,
                task.IsKeyProject,
                task.PlannedAnnualInvestment,
                investmentBefore,
                canCarryForward,
                milestoneOptions,
                units,
                feedback.Select(f => new FeedbackView(f.Name, f.Text, clock.ToLocal(f.UpdatedAtUtc))).ToList(),
                form,
                conflict,
                report is null ? null : await evidence.HandleAsync(report.Id, cancellationToken));
        }
    }
}
