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

namespace ReformTracker.Web.Features.CloseOut;

/// <summary>
/// 申请销号: the lead unit states what was achieved and attaches evidence (at least one file). All or nothing: the
/// application, its evidence rows and the files on disk are written in one transaction after every check passed.
/// </summary>
public static class ApplyCloseOut
{
    /// <summary>The name of the file input.</summary>
    public const string FilesField = "files";

    public enum Access
    {
        Allowed,
        NotFound,
        Forbidden,
    }

    public sealed class Form
    {
        public string? Summary { get; set; }
    }

    public sealed class Model
    {
        public required int TaskId { get; init; }

        public required string TaskCode { get; init; }

        public required string TaskTitle { get; init; }

        public required ReformTaskStatus TaskStatus { get; init; }

        public required int PercentComplete { get; init; }

        public required DateOnly DueDate { get; init; }

        public required string LeadUnitName { get; init; }

        public required CloseOutHistory.Model History { get; init; }

        public Form Form { get; set; } = new();
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Summary).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(l["请填写完成情况"])
                .MaximumLength(Lengths.LongText).WithMessage(l["完成情况不能超过 {0} 个字", Lengths.LongText]);
        }
    }

    public sealed class Handler(
        AppDbContext db,
        DistrictClock clock,
        CurrentUser user,
        EvidenceIntake.Handler intake,
        CloseOutHistory.Handler history,
        IStringLocalizer<SharedResource> l)
    {
        /// <summary>Null when the task is unknown or outside the user's scope.</summary>
        public async Task<Model?> PageAsync(int taskId, CancellationToken cancellationToken)
        {
            var task = await (from t in db.Tasks.AsNoTracking().VisibleTo(user)
                              join u in db.Units on t.LeadUnitId equals u.Id
                              where t.Id == taskId
                              select new { t.Id, t.Code, t.Title, t.Status, t.PercentComplete, t.DueDate, Unit = u.Name })
                .SingleOrDefaultAsync(cancellationToken);
            if (task is null)
            {
                return null;
            }

            return new Model
            {
                TaskId = task.Id,
                TaskCode = task.Code,
                TaskTitle = task.Title,
                TaskStatus = task.Status,
                PercentComplete = task.PercentComplete,
                DueDate = task.DueDate,
                LeadUnitName = task.Unit,
                History = await history.HandleAsync(taskId, cancellationToken),
            };
        }

        /// <summary>Outside the scope: 404; visible but not led by the user's unit: 403.</summary>
        public async Task<Access> AccessAsync(int taskId, CancellationToken cancellationToken)
        {
            if (!await db.Tasks.VisibleTo(user).AnyAsync(t => t.Id == taskId, cancellationToken))
            {
                return Access.NotFound;
            }

            return await db.Tasks.FiledBy(user).AnyAsync(t => t.Id == taskId, cancellationToken) ? Access.Allowed : Access.Forbidden;
        }

        /// <summary>The caller has checked access with <see cref="AccessAsync"/> and the form with the validator.</summary>
        public async Task<CommandResult> HandleAsync(int taskId, Form form, IReadOnlyList<IFormFile> files, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            ArgumentNullException.ThrowIfNull(files);
            var task = await db.Tasks.FiledBy(user).SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
            if (task is null)
            {
                return CommandResult.NotFound();
            }

            var hasPending = await db.CloseOutApplications.AnyAsync(c => c.TaskId == taskId && c.Status == CloseOutStatus.Pending, cancellationToken);
            if (CloseOutApplication.WhyNot(task, form.Summary, hasPending) is { } refusal)
            {
                var field = refusal == CloseOutRefusal.SummaryRequired ? nameof(Form.Summary) : string.Empty;
                return CommandResult.Invalid(field, l[refusal.Message()]);
            }

            if (files.Count == 0)
            {
                return CommandResult.Invalid(FilesField, l["请上传至少一个佐证材料"]);
            }

            if (files.Count > EvidenceFile.MaxFilesPerOwner)
            {
                return CommandResult.Invalid(FilesField, l["每次销号申请最多 {0} 个附件", EvidenceFile.MaxFilesPerOwner]);
            }

            using var batch = await intake.StageAsync(files, cancellationToken);
            if (batch.Refusal is { } bad)
            {
                return CommandResult.Invalid(FilesField, bad.Message);
            }

            var application = new CloseOutApplication(task, form.Summary!, user.UserName, clock.UtcNow, hasPending);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.CloseOutApplications.Add(application);
                await db.SaveChangesAsync(cancellationToken);
                db.EvidenceFiles.AddRange(batch.RowsFor(EvidenceOwner.CloseOut(application.Id), user.UserName));
                await db.SaveChangesAsync(cancellationToken);
                batch.MoveIntoPlace();
                await transaction.CommitAsync(cancellationToken);
                batch.Committed();
            }
            catch (DbUpdateException)
            {
                // Another application for the task was saved a moment earlier (the unique index on pending applications).
                return CommandResult.Invalid(string.Empty, l[CloseOutRefusal.AlreadyPending.Message()]);
            }

            return CommandResult.Ok(application.Id);
        }
    }
}
