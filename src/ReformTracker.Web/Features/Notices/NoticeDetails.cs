using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

/// <summary>One notice with its responses and the actions this user may take (also the printed document).</summary>
public static class NoticeDetails
{
    public sealed record ResponseRow(string Measures, string RespondedBy, DateTime RespondedAtLocal, IReadOnlyList<EvidenceLink> Files);

    /// <summary>An evidence file of a response; /evidence/{Id} downloads it for whoever may read the notice.</summary>
    public sealed record EvidenceLink(int Id, string FileName, long SizeBytes)
    {
        public string Size => Evidence.EvidenceFileRules.FormatSize(SizeBytes);
    }

    public sealed record StepRow(
        EscalationStep Step, string Cause, string TakenBy, DateTime TakenAtLocal, int? ResultingNoticeId, string? ResultingNumber, string? BulletinQuarter,
        bool GoodFaith, string? GoodFaithReason);

    /// <summary>Where the notice stands on the escalation ladder.</summary>
    public sealed record LadderView(string? AddressedTo, int? EscalatedFromId, string? EscalatedFromNumber, IReadOnlyList<StepRow> Steps, bool MayEscalate);

    /// <summary>The meeting item (现场交办) a notice chases: what was assigned, at which meeting, by when.</summary>
    public sealed record ChasedItem(string Content, string MeetingTitle, DateOnly MeetingDate, DateOnly Deadline);

    public sealed record Model(
        int Id,
        string Number,
        NoticeKind Kind,
        NoticeStatus Status,
        string UnitName,
        int? TaskId,
        string? TaskCode,
        string? TaskTitle,
        ChasedItem? MeetingItem,
        string? FlagReason,
        string Requirements,
        DateOnly Deadline,
        string IssuedBy,
        string? IssuerName,
        DateTime IssuedAtLocal,
        DateTime? SignedAtLocal,
        string? SignedBy,
        IReadOnlyList<ResponseRow> Responses,
        string? ReturnReason,
        DateTime? ReturnedAtLocal,
        string? ReturnedBy,
        DateTime? ClosedAtLocal,
        string? ClosedBy,
        bool GoodFaith,
        string? GoodFaithReason,
        bool MaySign,
        bool MayRespond,
        bool MayReturn,
        bool MayClose,
        LadderView Ladder);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            var notice = await db.Notices.AsNoTracking().VisibleTo(db, user).Include(n => n.Responses).Include(n => n.Escalations)
                .SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
            if (notice is null)
            {
                return null;
            }

            var unit = await db.Units.AsNoTracking().Where(u => u.Id == notice.RecipientUnitId).Select(u => u.Name).SingleAsync(cancellationToken);
            var task = notice.TaskId is { } taskId
                ? await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.Code, t.Title }).SingleOrDefaultAsync(cancellationToken)
                : null;
            var item = notice.MeetingItemId is { } itemId
                ? await (from i in db.MeetingItems.AsNoTracking()
                         join m in db.Meetings on i.MeetingId equals m.Id
                         where i.Id == itemId
                         select new ChasedItem(i.Content, m.Title, m.Date, i.Deadline)).SingleOrDefaultAsync(cancellationToken)
                : null;
            var flag = notice.FlagId is { } flagId
                ? await db.Flags.AsNoTracking().Where(f => f.Id == flagId).Select(f => f.Reason).SingleOrDefaultAsync(cancellationToken)
                : null;
            var issuer = notice.IssuerOfficeId is { } officeId
                ? await db.Offices.AsNoTracking().Where(o => o.Id == officeId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken)
                : null;
            var responseIds = notice.Responses.Select(r => r.Id).ToList();
            var files = (await db.EvidenceFiles.AsNoTracking()
                    .Where(e => e.NoticeResponseId != null && responseIds.Contains(e.NoticeResponseId.Value))
                    .OrderBy(e => e.Id)
                    .Select(e => new { ResponseId = e.NoticeResponseId!.Value, e.Id, e.FileName, e.SizeBytes })
                    .ToListAsync(cancellationToken))
                .ToLookup(e => e.ResponseId, e => new EvidenceLink(e.Id, e.FileName, e.SizeBytes));
            var answer = user.MayAnswer(notice);
            var decide = user.MayDecide(notice);
            return new Model(
                notice.Id,
                notice.Number,
                notice.Kind,
                notice.Status,
                unit,
                notice.TaskId,
                task?.Code,
                task?.Title,
                item,
                flag,
                notice.Requirements,
                notice.Deadline,
                notice.IssuedBy,
                issuer,
                clock.ToLocal(notice.IssuedAtUtc),
                notice.SignedAtUtc is { } signed ? clock.ToLocal(signed) : null,
                notice.SignedBy,
                notice.Responses.OrderBy(r => r.RespondedAtUtc).ThenBy(r => r.Id)
                    .Select(r => new ResponseRow(r.Measures, r.RespondedBy, clock.ToLocal(r.RespondedAtUtc), files[r.Id].ToList())).ToList(),
                notice.ReturnReason,
                notice.ReturnedAtUtc is { } returned ? clock.ToLocal(returned) : null,
                notice.ReturnedBy,
                notice.ClosedAtUtc is { } closed ? clock.ToLocal(closed) : null,
                notice.ClosedBy,
                notice.GoodFaith,
                notice.GoodFaithReason,
                answer && notice.Allows(NoticeTransition.SignFor),
                answer && notice.Allows(NoticeTransition.Respond),
                decide && notice.Allows(NoticeTransition.Return),
                decide && notice.Allows(NoticeTransition.Close),
                await LadderAsync(notice, decide, cancellationToken));
        }

        private async Task<LadderView> LadderAsync(Notice notice, bool decide, CancellationToken cancellationToken)
        {
            var linked = notice.Escalations.Where(e => e.ResultingNoticeId != null).Select(e => e.ResultingNoticeId!.Value)
                .Concat(notice.EscalatedFromId is { } from ? [from] : []).ToList();
            var numbers = linked.Count == 0
                ? []
                : (await db.Notices.AsNoTracking().Where(n => linked.Contains(n.Id)).Select(n => new { n.Id, n.Kind, n.Year, n.Sequence }).ToListAsync(cancellationToken))
                    .ToDictionary(n => n.Id, n => NoticeNumbering.Format(n.Kind, n.Year, n.Sequence));
            var steps = notice.Escalations.OrderBy(e => e.TakenAtUtc).ThenBy(e => e.Id)
                .Select(e => new StepRow(
                    e.Step, e.Cause, e.TakenBy, clock.ToLocal(e.TakenAtUtc), e.ResultingNoticeId,
                    e.ResultingNoticeId is { } r ? numbers.GetValueOrDefault(r) : null,
                    e.BulletinQuarterKey is { } q ? BulletinQuarter.FromKey(q).ToString() : null,
                    e.GoodFaith, e.GoodFaithReason))
                .ToList();
            return new LadderView(
                notice.AddressedTo, notice.EscalatedFromId, notice.EscalatedFromId is { } f ? numbers.GetValueOrDefault(f) : null, steps,
                decide && notice.MayEscalate);
        }
    }
}
