using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Evidence;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

/// <summary>签收, 反馈, 退回, 销号: each one domain method and one save; the audit trail records who, when and why.</summary>
public static class NoticeActions
{
    public sealed class Form
    {
        public string? Text { get; set; }

        public bool GoodFaith { get; set; }

        public string? GoodFaithReason { get; set; }

        public int? Version { get; set; }
    }

    public enum Outcome
    {
        Done,
        NotFound,
        Forbidden,
        Refused,
    }

    /// <summary>Field names the form's input by its name ("Text", "files") when a refusal belongs beside one input.</summary>
    public sealed record Result(Outcome Outcome, string? Message = null, int? NewNoticeId = null, string? Field = null);

    /// <summary>The name of the file input of the response form.</summary>
    public const string FilesField = "files";

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, EvidenceIntake.Handler intake, IStringLocalizer<SharedResource> l)
    {
        /// <summary>
        /// 反馈 with evidence, all or nothing: the measures and the files are checked first, then the response, its
        /// evidence rows and the files on disk are written in one transaction. A bad file saves nothing and leaves no file.
        /// </summary>
        public async Task<Result> RespondAsync(int id, Form form, IReadOnlyList<IFormFile> files, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            ArgumentNullException.ThrowIfNull(files);
            var notice = await db.Notices.VisibleTo(db, user).Include(n => n.Responses).SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
            if (notice is null)
            {
                return new Result(Outcome.NotFound);
            }

            if (!user.MayAnswer(notice))
            {
                return new Result(Outcome.Forbidden);
            }

            if (!notice.Allows(NoticeTransition.Respond))
            {
                return new Result(Outcome.Refused, l["该通知当前状态为“{0}”，不能{1}", l[notice.Status.Label()], l[Verb(NoticeTransition.Respond)]]);
            }

            if (Check(NoticeTransition.Respond, form) is { } invalid)
            {
                return new Result(Outcome.Refused, invalid, Field: nameof(Form.Text));
            }

            if (files.Count > EvidenceFile.MaxFilesPerOwner)
            {
                return new Result(Outcome.Refused, l["每次反馈最多 {0} 个附件", EvidenceFile.MaxFilesPerOwner], Field: FilesField);
            }

            using var batch = await intake.StageAsync(files, cancellationToken);
            if (batch.Refusal is { } bad)
            {
                return new Result(Outcome.Refused, bad.Message, Field: FilesField);
            }

            if (form.Version is { } version)
            {
                db.Entry(notice).Property(n => n.Version).OriginalValue = version;
            }

            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var response = notice.Respond(form.Text!, clock.UtcNow, user.UserName);
                await db.SaveChangesAsync(cancellationToken);
                db.EvidenceFiles.AddRange(batch.RowsFor(EvidenceOwner.NoticeResponse(response.Id), user.UserName));
                await db.SaveChangesAsync(cancellationToken);
                batch.MoveIntoPlace();
                await transaction.CommitAsync(cancellationToken);
                batch.Committed();
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Result(Outcome.Refused, l["该通知刚刚被他人处理，本次未作更改，请刷新后重试"]);
            }

            return new Result(Outcome.Done, batch.Files.Count == 0 ? l["已{0}", l[Verb(NoticeTransition.Respond)]] : l["已反馈，附件 {0} 个", batch.Files.Count]);
        }

        public async Task<Result> HandleAsync(int id, NoticeTransition transition, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var notice = await db.Notices.VisibleTo(db, user).Include(n => n.Responses).SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
            if (notice is null)
            {
                return new Result(Outcome.NotFound);
            }

            var allowed = transition is NoticeTransition.SignFor or NoticeTransition.Respond ? user.MayAnswer(notice) : user.MayDecide(notice);
            if (!allowed)
            {
                return new Result(Outcome.Forbidden);
            }

            if (!notice.Allows(transition))
            {
                return new Result(Outcome.Refused, l["该通知当前状态为“{0}”，不能{1}", l[notice.Status.Label()], l[Verb(transition)]]);
            }

            if (Check(transition, form) is { } invalid)
            {
                return new Result(Outcome.Refused, invalid);
            }

            if (form.Version is { } version)
            {
                db.Entry(notice).Property(n => n.Version).OriginalValue = version;
            }

            var now = clock.UtcNow;
            switch (transition)
            {
                case NoticeTransition.SignFor:
                    notice.SignFor(now, user.UserName);
                    break;
                case NoticeTransition.Respond:
                    notice.Respond(form.Text!, now, user.UserName);
                    break;
                case NoticeTransition.Return:
                    notice.Return(form.Text!, now, user.UserName);
                    break;
                case NoticeTransition.Close:
                    notice.Close(now, user.UserName, form.GoodFaith, form.GoodFaithReason);
                    break;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Result(Outcome.Refused, l["该通知刚刚被他人处理，本次未作更改，请刷新后重试"]);
            }

            return new Result(Outcome.Done, l["已{0}", l[Verb(transition)]]);
        }

        private string? Check(NoticeTransition transition, Form form) => transition switch
        {
            NoticeTransition.Respond when string.IsNullOrWhiteSpace(form.Text) => l["请填写整改措施"].Value,
            NoticeTransition.Respond when form.Text!.Length > Lengths.LongText => l["整改措施不能超过 {0} 个字", Lengths.LongText].Value,
            NoticeTransition.Return when string.IsNullOrWhiteSpace(form.Text) => l["退回时须填写退回理由"].Value,
            NoticeTransition.Return when form.Text!.Length > Lengths.MediumText => l["退回理由不能超过 {0} 个字", Lengths.MediumText].Value,
            NoticeTransition.Close when form.GoodFaith && string.IsNullOrWhiteSpace(form.GoodFaithReason) => l["认定容错须填写理由"].Value,
            NoticeTransition.Close when form.GoodFaithReason?.Length > Lengths.MediumText => l["容错理由不能超过 {0} 个字", Lengths.MediumText].Value,
            _ => null,
        };

        private static string Verb(NoticeTransition transition) => transition switch
        {
            NoticeTransition.SignFor => "签收",
            NoticeTransition.Respond => "反馈",
            NoticeTransition.Return => "退回",
            _ => "销号",
        };
    }
}
