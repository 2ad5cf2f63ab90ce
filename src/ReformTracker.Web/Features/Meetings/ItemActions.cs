using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

/// <summary>The assignee unit reports an item done (with a note); the meeting's office or a supervisor reopens it (with a reason).</summary>
public static class ItemActions
{
    public sealed class Form
    {
        public string? Text { get; set; }
    }

    public enum Outcome
    {
        Done,
        NotFound,
        Forbidden,
        Refused,
    }

    public sealed record Result(Outcome Outcome, int MeetingId = 0, string? Message = null);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, EvaluateMeetingItems.Handler evaluate, IStringLocalizer<SharedResource> l)
    {
        public async Task<Result> MarkDoneAsync(int itemId, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var item = await db.MeetingItems.VisibleTo(db, user).SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
            if (item is null)
            {
                return new Result(Outcome.NotFound);
            }

            if (!user.MayMarkDone(item.AssigneeUnitId))
            {
                return new Result(Outcome.Forbidden);
            }

            if (item.IsDone)
            {
                return new Result(Outcome.Refused, item.MeetingId, l["该事项已办结"]);
            }

            if (Refusal(form.Text, l["请填写办结情况说明"], l["办结情况说明不能超过 {0} 个字", Lengths.MediumText]) is { } refused)
            {
                return new Result(Outcome.Refused, item.MeetingId, refused);
            }

            item.MarkDone(form.Text!, user.UserName, clock.UtcNow);
            return await SaveAsync(item.Id, item.MeetingId, l["已报办结"], cancellationToken);
        }

        public async Task<Result> ReopenAsync(int itemId, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var item = await db.MeetingItems.VisibleTo(db, user).SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
            if (item is null)
            {
                return new Result(Outcome.NotFound);
            }

            if (!await db.Meetings.ManagedBy(user).AnyAsync(m => m.Id == item.MeetingId, cancellationToken))
            {
                return new Result(Outcome.Forbidden);
            }

            if (!item.IsDone)
            {
                return new Result(Outcome.Refused, item.MeetingId, l["该事项尚未办结，无需重新交办"]);
            }

            if (Refusal(form.Text, l["请填写重新交办的理由"], l["理由不能超过 {0} 个字", Lengths.MediumText]) is { } refused)
            {
                return new Result(Outcome.Refused, item.MeetingId, refused);
            }

            item.Reopen(form.Text!, user.UserName, clock.UtcNow);
            return await SaveAsync(item.Id, item.MeetingId, l["事项已重新交办"], cancellationToken);
        }

        private static string? Refusal(string? text, string missing, string tooLong) =>
            string.IsNullOrWhiteSpace(text) ? missing : text.Length > Lengths.MediumText ? tooLong : null;

        private async Task<Result> SaveAsync(int itemId, int meetingId, string message, CancellationToken cancellationToken)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Result(Outcome.Refused, meetingId, l["该事项刚刚被他人处理，本次未作更改，请刷新后重试"]);
            }

            // The item's flag follows its state at once rather than at the next hourly run.
            await evaluate.HandleAsync([itemId], cancellationToken);
            return new Result(Outcome.Done, meetingId, message);
        }
    }
}
