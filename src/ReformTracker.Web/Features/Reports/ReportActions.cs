using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Reports;

/// <summary>Withdraw before review, submit several drafts at once, carry several tasks forward at once.</summary>
public static class ReportActions
{
    public sealed record Located(int ReportId, int TaskId, YearMonth Period);

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user, ReportEditor.Handler editor, IValidator<ReportEditor.Form> validator, IStringLocalizer<SharedResource> l)
    {
        /// <summary>The report if the user may see it (404 otherwise) and whether their unit files it (403 otherwise).</summary>
        public async Task<(Located? Report, bool MayFile)> LocateAsync(int reportId, CancellationToken cancellationToken)
        {
            var report = await (from r in db.Reports
                                join t in db.Tasks.VisibleTo(user) on r.TaskId equals t.Id
                                where r.Id == reportId
                                select new Located(r.Id, r.TaskId, r.Period)).SingleOrDefaultAsync(cancellationToken);
            if (report is null)
            {
                return (null, false);
            }

            return (report, await db.Tasks.FiledBy(user).AnyAsync(t => t.Id == report.TaskId, cancellationToken));
        }

        public async Task<CommandResult> WithdrawAsync(int reportId, CancellationToken cancellationToken)
        {
            var report = await db.Reports.SingleAsync(r => r.Id == reportId, cancellationToken);
            if (!report.Allows(ReportTransition.Withdraw))
            {
                return CommandResult.Invalid(string.Empty, l["只有已提交、尚未审核的月报可以撤回"]);
            }

            report.Withdraw();
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(report.Id);
        }

        /// <summary>Submits each selected draft of the user's unit that is complete enough; says which were skipped and why.</summary>
        public async Task<(int Submitted, IReadOnlyList<string> Skipped)> SubmitManyAsync(IReadOnlyCollection<int> reportIds, CancellationToken cancellationToken)
        {
            var filed = db.Tasks.VisibleTo(user).FiledBy(user).Select(t => t.Id);
            var reports = await db.Reports.Include(r => r.Problems).Include(r => r.MilestonesReached)
                .Where(r => reportIds.Contains(r.Id) && filed.Contains(r.TaskId)).ToListAsync(cancellationToken);
            var codes = await db.Tasks.Where(t => reports.Select(r => r.TaskId).Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Code, cancellationToken);
            var skipped = new List<string>();
            var submitted = 0;
            foreach (var report in reports.OrderBy(r => r.Id))
            {
                if (!report.Allows(ReportTransition.Submit))
                {
                    skipped.Add(l["{0}（{1}）", codes[report.TaskId], l[report.Status.Label()].Value]);
                }
                else if (await FirstSubmitErrorAsync(report, cancellationToken) is { } error)
                {
                    // Submitting from the inbox applies exactly the checks of the form's own submit button.
                    skipped.Add(l["{0}（{1}）", codes[report.TaskId], error]);
                }
                else
                {
                    report.Submit(clock.UtcNow, user.UserName);
                    submitted++;
                }
            }

            skipped.AddRange(Enumerable.Repeat(l["（无权提交的月报）"].Value, reportIds.Distinct().Count() - reports.Count));
            await db.SaveChangesAsync(cancellationToken);
            return (submitted, skipped);
        }

        private async Task<string?> FirstSubmitErrorAsync(MonthlyReport report, CancellationToken cancellationToken)
        {
            var form = ReportEditor.Handler.ToForm(report);
            form.Intent = ReportEditor.SubmitIntent;
            form.PreviousPercent = await editor.PreviousPercentAsync(report.TaskId, report.Period, cancellationToken);
            var result = await validator.ValidateAsync(form, cancellationToken);
            return result.IsValid ? null : result.Errors[0].ErrorMessage;
        }

        /// <summary>沿用上月 for several tasks: one new draft each; tasks that already have a report or no previous one are skipped.</summary>
        public async Task<(int Created, int Skipped)> CarryForwardManyAsync(IReadOnlyCollection<int> taskIds, CancellationToken cancellationToken)
        {
            var period = calendar.OpenPeriodOn(clock.Today);
            var created = 0;
            foreach (var taskId in taskIds.Distinct())
            {
                if (await editor.CheckAccessAsync(taskId, cancellationToken) == ReportEditor.Access.Allowed
                    && (await editor.CarryForwardAsync(taskId, period, cancellationToken)).Succeeded)
                {
                    created++;
                }
            }

            return (created, taskIds.Distinct().Count() - created);
        }
    }
}

/// <summary>配合单位反馈: a cooperating unit writes (and rewrites) its short account for a task and month.</summary>
public static class CooperationNote
{
    public sealed class Form
    {
        public string? Text { get; set; }

        public int Version { get; set; }
    }

    public sealed record Model(int TaskId, string TaskCode, string TaskTitle, string LeadUnit, YearMonth Period, Form Form);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Text).NotEmpty().WithMessage(l["请填写配合情况"])
                .MaximumLength(Lengths.MediumText).WithMessage(l["配合情况不能超过 {0} 个字", Lengths.MediumText]);
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user, IStringLocalizer<SharedResource> l)
    {
        public Task<bool> MayWriteAsync(int taskId, CancellationToken cancellationToken) =>
            db.Tasks.VisibleTo(user).CooperatedBy(user).AnyAsync(t => t.Id == taskId, cancellationToken);

        public async Task<Model> OpenAsync(int taskId, YearMonth period, Form? posted, CancellationToken cancellationToken)
        {
            var task = await (from t in db.Tasks
                              join u in db.Units on t.LeadUnitId equals u.Id
                              where t.Id == taskId
                              select new { t.Id, t.Code, t.Title, Lead = u.Name }).SingleAsync(cancellationToken);
            var existing = await db.CooperationFeedback.AsNoTracking()
                .SingleOrDefaultAsync(f => f.TaskId == taskId && f.UnitId == user.UnitId && f.Period == period, cancellationToken);
            return new Model(task.Id, task.Code, task.Title, task.Lead, period, posted ?? new Form { Text = existing?.Text, Version = existing?.Version ?? 0 });
        }

        public async Task<CommandResult> SaveAsync(int taskId, YearMonth period, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            if (period > calendar.OpenPeriodOn(clock.Today))
            {
                return CommandResult.Invalid(string.Empty, l["不能填报 {0} 的月报：该月份尚未开始填报", period.ToString()]);
            }

            var unitId = user.UnitId!.Value;
            var feedback = await db.CooperationFeedback.SingleOrDefaultAsync(f => f.TaskId == taskId && f.UnitId == unitId && f.Period == period, cancellationToken);
            if (feedback is null)
            {
                db.CooperationFeedback.Add(new CooperationFeedback(taskId, unitId, period, form.Text!));
            }
            else
            {
                feedback.Rewrite(form.Text!);
                db.Entry(feedback).Property(f => f.Version).OriginalValue = form.Version;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                return CommandResult.Conflict(l["配合情况刚刚被同单位的其他人修改，请刷新后再保存"]);
            }

            return CommandResult.Ok(taskId);
        }
    }
}
