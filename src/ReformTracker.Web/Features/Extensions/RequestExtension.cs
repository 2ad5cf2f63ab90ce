using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Extensions;

/// <summary>延期申请: the lead unit asks for a later due date, before the current one has passed.</summary>
public static class RequestExtension
{
    public sealed class Form
    {
        public string? Reason { get; set; }

        public DateOnly? ProposedDueDate { get; set; }
    }

    public sealed record Row(
        int Id, ExtensionStatus Status, string RequestedBy, string Reason, DateOnly CurrentDueDate, DateOnly ProposedDueDate,
        string? DecidedBy, string? DecisionReason, bool WaiveForScoring);

    public sealed class Model
    {
        public required int TaskId { get; init; }

        public required string TaskCode { get; init; }

        public required string TaskTitle { get; init; }

        public required DateOnly DueDate { get; init; }

        public DateOnly? OriginalDueDate { get; init; }

        public required IReadOnlyList<Row> Requests { get; init; }

        public required bool MayRequest { get; init; }

        public Form Form { get; set; } = new();
    }

    public enum Outcome
    {
        Done,
        NotFound,
        Forbidden,
        Refused,
    }

    public sealed record Result(Outcome Outcome, string? Message = null);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l)
    {
        /// <summary>Null when the task is outside the user's scope.</summary>
        public async Task<Model?> PageAsync(int taskId, CancellationToken cancellationToken)
        {
            var task = await db.Tasks.VisibleTo(user).AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
            if (task is null)
            {
                return null;
            }

            var rows = await db.ExtensionRequests.AsNoTracking().Where(e => e.TaskId == taskId).OrderByDescending(e => e.Id)
                .Select(e => new Row(e.Id, e.Status, e.RequestedBy, e.Reason, e.CurrentDueDate, e.ProposedDueDate, e.DecidedBy, e.DecisionReason, e.WaiveForScoring))
                .ToListAsync(cancellationToken);
            return new Model
            {
                TaskId = task.Id,
                TaskCode = task.Code,
                TaskTitle = task.Title,
                DueDate = task.DueDate,
                OriginalDueDate = task.OriginalDueDate,
                Requests = rows,
                MayRequest = await MayRequestAsync(taskId, cancellationToken),
            };
        }

        public Task<bool> MayRequestAsync(int taskId, CancellationToken cancellationToken) =>
            db.Tasks.FiledBy(user).AnyAsync(t => t.Id == taskId, cancellationToken);

        public async Task<Result> HandleAsync(int taskId, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var task = await db.Tasks.VisibleTo(user).SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
            if (task is null)
            {
                return new Result(Outcome.NotFound);
            }

            if (!await MayRequestAsync(taskId, cancellationToken))
            {
                return new Result(Outcome.Forbidden);
            }

            if (form.ProposedDueDate is not { } proposed)
            {
                return new Result(Outcome.Refused, l["请填写申请的完成时限"]);
            }

            if (form.Reason?.Length > Lengths.MediumText)
            {
                return new Result(Outcome.Refused, l["延期理由不能超过 {0} 个字", Lengths.MediumText]);
            }

            var hasPending = await db.ExtensionRequests.AnyAsync(e => e.TaskId == taskId && e.Status == ExtensionStatus.Pending, cancellationToken);
            if (ExtensionRequest.WhyNot(task, form.Reason, proposed, clock.Today, hasPending) is { } refusal)
            {
                return new Result(Outcome.Refused, l[refusal.Message()]);
            }

            db.ExtensionRequests.Add(new ExtensionRequest(task, user.UserName, form.Reason!, proposed, clock.Today, hasPending));
            await db.SaveChangesAsync(cancellationToken);
            return new Result(Outcome.Done, l["延期申请已提交，等待审批"]);
        }
    }
}
