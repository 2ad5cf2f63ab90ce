using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Review;

/// <summary>通过: accepting one submitted report moves its task's progress and reached milestones, in one save.</summary>
public static class AcceptReport
{
    public sealed class Form
    {
        /// <summary>The version the reviewer read on the review page; absent when accepted straight from the queue.</summary>
        public int? Version { get; set; }

        public string? ReturnUrl { get; set; }
    }

    public sealed record Outcome(CommandResult Result, string? TaskCode = null, string? Period = null);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, SupervisionSignals signals, IStringLocalizer<SharedResource> l)
    {
        public async Task<Outcome> HandleAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var report = await db.Reports
                .Include(r => r.MilestonesReached)
                .Where(r => r.Id == id && db.Tasks.VisibleTo(user).ReviewedBy(user).Any(t => t.Id == r.TaskId))
                .SingleOrDefaultAsync(cancellationToken);
            if (report is null)
            {
                return new Outcome(CommandResult.NotFound());
            }

            if (ReviewRefusals.Check(report, form.Version, l) is { } refusal)
            {
                return new Outcome(CommandResult.Conflict(refusal));
            }

            var task = await db.Tasks.Include(t => t.Milestones).SingleAsync(t => t.Id == report.TaskId, cancellationToken);
            report.Accept(clock.UtcNow, user.UserName, task);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Outcome(CommandResult.Conflict(l["该月报或其任务刚刚被他人修改，本次未作更改，请刷新后重试"]));
            }

            signals.TaskChanged(task.Id);
            return new Outcome(CommandResult.Ok(report.Id), task.Code, report.Period.ToString());
        }
    }
}
