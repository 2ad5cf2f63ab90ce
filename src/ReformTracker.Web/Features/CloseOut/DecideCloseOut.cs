using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.CloseOut;

/// <summary>核验: the task's office reviewer approves (the task is completed in the same save) or returns with a reason.</summary>
public static class DecideCloseOut
{
    public sealed class Form
    {
        public string? Reason { get; set; }

        public int? Version { get; set; }
    }

    public sealed class Model
    {
        public required int Id { get; init; }

        public required int Version { get; init; }

        public required CloseOutStatus Status { get; init; }

        public required ApplyCloseOut.Model Task { get; init; }

        public required CloseOutHistory.Row Application { get; init; }

        /// <summary>The user reviews the task's office and the application is pending.</summary>
        public required bool MayDecide { get; init; }

        public Form Form { get; set; } = new();
    }

    public enum Outcome
    {
        Done,
        NotFound,
        Forbidden,

        /// <summary>Bad input or a state that no longer allows the decision: the message goes beside Field.</summary>
        Refused,
    }

    public sealed record Result(Outcome Outcome, string? Message = null, string Field = "", int TaskId = 0);

    public sealed class Handler(
        AppDbContext db, DistrictClock clock, CurrentUser user, ApplyCloseOut.Handler tasks, SupervisionSignals signals, IStringLocalizer<SharedResource> l)
    {
        /// <summary>Null when the application is unknown or its task is outside the user's scope.</summary>
        public async Task<Model?> PageAsync(int id, CancellationToken cancellationToken)
        {
            var application = await db.CloseOutApplications.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (application is null || await tasks.PageAsync(application.TaskId, cancellationToken) is not { } task)
            {
                return null;
            }

            return new Model
            {
                Id = application.Id,
                Version = application.Version,
                Status = application.Status,
                Task = task,
                Application = task.History.Applications.Single(a => a.Id == id),
                MayDecide = application.IsPending && await db.Tasks.ReviewedBy(user).AnyAsync(t => t.Id == application.TaskId, cancellationToken),
            };
        }

        public async Task<Result> HandleAsync(int id, bool approve, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var visible = db.Tasks.VisibleTo(user);
            var application = await db.CloseOutApplications.SingleOrDefaultAsync(c => c.Id == id && visible.Any(t => t.Id == c.TaskId), cancellationToken);
            if (application is null)
            {
                return new Result(Outcome.NotFound);
            }

            if (!await db.Tasks.ReviewedBy(user).AnyAsync(t => t.Id == application.TaskId, cancellationToken))
            {
                return new Result(Outcome.Forbidden);
            }

            if (!application.IsPending)
            {
                return Refused(l["该销号申请当前状态为“{0}”，不能再核验", l[application.Status.Label()]], string.Empty, application.TaskId);
            }

            if (form.Reason?.Length > Lengths.MediumText)
            {
                return Refused(l["核验意见不能超过 {0} 个字", Lengths.MediumText], nameof(Form.Reason), application.TaskId);
            }

            if (form.Version is { } version)
            {
                db.Entry(application).Property(c => c.Version).OriginalValue = version;
            }

            if (approve)
            {
                var task = await db.Tasks.SingleAsync(t => t.Id == application.TaskId, cancellationToken);
                if (task.IsClosed)
                {
                    return Refused(l["任务已完成，不能再销号"], string.Empty, application.TaskId);
                }

                application.Approve(task, clock.UtcNow, clock.Today, user.UserName, form.Reason);
            }
            else
            {
                if (string.IsNullOrWhiteSpace(form.Reason))
                {
                    return Refused(l["退回时须填写退回理由"], nameof(Form.Reason), application.TaskId);
                }

                application.Return(clock.UtcNow, user.UserName, form.Reason);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Refused(l["该申请或任务刚刚被他人处理，本次未作更改，请刷新后重试"], string.Empty, application.TaskId);
            }

            if (approve)
            {
                signals.TaskChanged(application.TaskId);
            }

            return new Result(Outcome.Done, approve ? l["已核验销号，任务已完成"] : l["已退回销号申请"], TaskId: application.TaskId);
        }

        private static Result Refused(string message, string field, int taskId) => new(Outcome.Refused, message, field, taskId);
    }
}
