using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Extensions;

/// <summary>The task's office approves (moving the due date in the same save) or rejects with a reason.</summary>
public static class DecideExtension
{
    public sealed class Form
    {
        public bool Waive { get; set; }

        public string? Reason { get; set; }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, SupervisionSignals signals, IStringLocalizer<SharedResource> l, Notifications.Notifier notifier)
    {
        public async Task<RequestExtension.Result> HandleAsync(int id, bool approve, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var reviewed = db.Tasks.ReviewedBy(user);
            var request = await db.ExtensionRequests.SingleOrDefaultAsync(e => e.Id == id && reviewed.Any(t => t.Id == e.TaskId), cancellationToken);
            if (request is null)
            {
                return new RequestExtension.Result(RequestExtension.Outcome.NotFound);
            }

            if (!request.IsPending)
            {
                return Refused(l["该申请当前状态为“{0}”，不能再审批", l[request.Status.Label()]]);
            }

            if (form.Reason?.Length > Lengths.MediumText)
            {
                return Refused(l["审批意见不能超过 {0} 个字", Lengths.MediumText]);
            }

            if (approve)
            {
                var task = await db.Tasks.SingleAsync(t => t.Id == request.TaskId, cancellationToken);
                if (task.IsClosed)
                {
                    return Refused(l["任务已完成，不能申请延期"]);
                }

                if (request.ProposedDueDate <= task.DueDate)
                {
                    return Refused(l["申请的完成时限须晚于当前完成时限"]);
                }

                request.Approve(task, clock.UtcNow, user.UserName, form.Waive, form.Reason);
            }
            else
            {
                if (string.IsNullOrWhiteSpace(form.Reason))
                {
                    return Refused(l["驳回时须填写理由"]);
                }

                request.Reject(clock.UtcNow, user.UserName, form.Reason);
            }

            await notifier.ExtensionDecidedAsync(request, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Refused(l["该申请或任务刚刚被他人处理，本次未作更改，请刷新后重试"]);
            }

            if (approve)
            {
                signals.TaskChanged(request.TaskId);
            }

            return new RequestExtension.Result(RequestExtension.Outcome.Done, approve ? l["已批准延期"] : l["已驳回延期申请"]);
        }

        private static RequestExtension.Result Refused(string message) => new(RequestExtension.Outcome.Refused, message);
    }
}
