using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Reports;

/// <summary>更正: an accepted report is never edited; the lead unit files a correction with a reason, kept beside the original.</summary>
public static class AmendReport
{
    public sealed class Form
    {
        public string? Reason { get; set; }

        public string? CorrectedAchievement { get; set; }

        public int? CorrectedPercent { get; set; }

        public int Version { get; set; }
    }

    public sealed record Model(int ReportId, int TaskId, string TaskCode, string TaskTitle, YearMonth Period, string Achievement, int Percent, Form Form);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Reason).NotEmpty().WithMessage(l["请说明更正原因"])
                .MaximumLength(Lengths.MediumText).WithMessage(l["说明不能超过 {0} 个字", Lengths.MediumText]);
            RuleFor(f => f.CorrectedAchievement).NotEmpty().WithMessage(l["请填写更正后的实现情况"])
                .MaximumLength(Lengths.LongText).WithMessage(l["实现情况不能超过 {0} 个字", Lengths.LongText]);
            RuleFor(f => f.CorrectedPercent).NotNull().WithMessage(l["请填写完成进度"])
                .InclusiveBetween(0, 100).WithMessage(l["完成进度须在 0 到 100 之间"]);
        }
    }

    public sealed class Handler(AppDbContext db, CurrentUser user, IStringLocalizer<SharedResource> l)
    {
        public async Task<Model?> OpenAsync(int reportId, Form? posted, CancellationToken cancellationToken)
        {
            var report = await db.Reports.AsNoTracking().Include(r => r.Amendments).SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
            if (report is null)
            {
                return null;
            }

            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == report.TaskId, cancellationToken);
            var (achievement, percent) = report.Effective;
            return new Model(report.Id, task.Id, task.Code, task.Title, report.Period, achievement, percent,
                posted ?? new Form { CorrectedAchievement = achievement, CorrectedPercent = percent, Version = report.Version });
        }

        public async Task<CommandResult> HandleAsync(int reportId, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var report = await db.Reports.Include(r => r.Amendments).SingleAsync(r => r.Id == reportId, cancellationToken);
            if (!report.Allows(ReportTransition.Amend))
            {
                return CommandResult.Invalid(string.Empty, l["只有已通过的月报需要更正；未通过的月报请直接修改"]);
            }

            if (report.Version != form.Version)
            {
                return CommandResult.Conflict(l["该月报刚刚被更正过，请查看最新内容后再提交更正"]);
            }

            var task = await db.Tasks.SingleAsync(t => t.Id == report.TaskId, cancellationToken);
            report.Amend(form.Reason!, form.CorrectedAchievement!, form.CorrectedPercent!.Value, user.UserName, task);
            db.Entry(report).Property(r => r.Version).OriginalValue = form.Version;
            db.Entry(report).Property(r => r.UpdatedAtUtc).IsModified = true;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CommandResult.Conflict(l["该月报刚刚被更正过，请查看最新内容后再提交更正"]);
            }

            return CommandResult.Ok(report.Id);
        }
    }
}
