using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

/// <summary>升级督办 by a supervisor before the ladder would: with a reason, and optionally recording good faith (容错).</summary>
public static class EscalateByHand
{
    public sealed class Handler(AppDbContext db, CurrentUser user, NoticeEscalator escalator, IStringLocalizer<SharedResource> l, Notifications.Notifier notifier)
    {
        public async Task<NoticeActions.Result> HandleAsync(int id, NoticeActions.Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var notice = await db.Notices.VisibleTo(db, user).Include(n => n.Escalations).SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
            if (notice is null)
            {
                return new NoticeActions.Result(NoticeActions.Outcome.NotFound);
            }

            if (!user.MayDecide(notice))
            {
                return new NoticeActions.Result(NoticeActions.Outcome.Forbidden);
            }

            if (!notice.MayEscalate)
            {
                return new NoticeActions.Result(NoticeActions.Outcome.Refused, l["该通知已销号或已升级，不能再升级"]);
            }

            var invalid = string.IsNullOrWhiteSpace(form.Text) ? l["升级督办须填写理由"].Value
                : form.Text.Length > Lengths.MediumText ? l["升级理由不能超过 {0} 个字", Lengths.MediumText].Value
                : form.GoodFaith && string.IsNullOrWhiteSpace(form.GoodFaithReason) ? l["认定容错须填写理由"].Value
                : form.GoodFaithReason?.Length > Lengths.MediumText ? l["容错理由不能超过 {0} 个字", Lengths.MediumText].Value
                : null;
            if (invalid is not null)
            {
                return new NoticeActions.Result(NoticeActions.Outcome.Refused, invalid);
            }

            if (form.Version is { } version)
            {
                db.Entry(notice).Property(n => n.Version).OriginalValue = version;
            }

            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var next = await escalator.EscalateAsync(notice, form.Text!.Trim(), user.UserName, form.GoodFaith, form.GoodFaithReason, cancellationToken);
                await notifier.LadderStepsTakenAsync([notice], cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new NoticeActions.Result(NoticeActions.Outcome.Done, l["已升级督办，新通知为 {0}", next.Number], next.Id);
            }
            catch (DbUpdateException)
            {
                return new NoticeActions.Result(NoticeActions.Outcome.Refused, l["该通知刚刚被他人处理，本次未作更改，请刷新后重试"]);
            }
        }
    }
}
