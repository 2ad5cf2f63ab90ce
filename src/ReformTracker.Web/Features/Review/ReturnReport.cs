using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Review;

/// <summary>退回: a submitted report goes back to its unit with the reviewer's comment.</summary>
public static class ReturnReport
{
    public sealed class Form
    {
        public string? Comment { get; set; }

        public int? Version { get; set; }
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Comment).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(l["退回时须填写退回意见"])
                .MaximumLength(Lengths.MediumText).WithMessage(l["退回意见不能超过 {0} 个字", Lengths.MediumText]);
        }
    }

    public sealed record Outcome(CommandResult Result, string? TaskCode = null, string? Period = null);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l, Notifications.Notifier notifier)
    {
        public async Task<Outcome> HandleAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var report = await db.Reports
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

            report.Return(form.Comment!, clock.UtcNow, user.UserName);
            await notifier.ReportReturnedAsync(report, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Outcome(CommandResult.Conflict(l["该月报刚刚被他人处理，本次未作更改，请刷新后重试"]));
            }

            var code = await db.Tasks.AsNoTracking().Where(t => t.Id == report.TaskId).Select(t => t.Code).SingleAsync(cancellationToken);
            return new Outcome(CommandResult.Ok(report.Id), code, report.Period.ToString());
        }
    }
}
