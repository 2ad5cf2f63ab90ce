using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Notices;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notifications;

/// <summary>
/// Adds notification rows to the context for an event that the caller is about to save, so they commit or roll back
/// with it. If that save fails the rows are dropped again, so a retried save never notifies twice. The text is stored
/// in Chinese, like flag reasons and escalation causes: it is what the recipient reads, in-app and by e-mail.
/// </summary>
public sealed class Notifier(AppDbContext db, DistrictClock clock, IOptions<NotificationOptions> options, IMemoryCache cache)
{
    private const int ExcerptLength = 120;
    private readonly List<Notification> _pending = [];
    private bool _watching;

    /// <summary>下发: the recipient unit's users who answer notices.</summary>
    public async Task NoticeIssuedAsync(Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var task = await TaskLabelAsync(notice.TaskId, cancellationToken);
        var body = $"{task}督办要求：{Excerpt(notice.Requirements)}。办理期限：{Day(notice.Deadline)}。请及时签收并反馈。";
        Send(await UnitUsersAsync(notice.RecipientUnitId, Permissions.NoticesRespond, cancellationToken),
            NotificationKind.NoticeReceived, $"收到{notice.Kind.Label()} {notice.Number}", body, notice);
    }

    /// <summary>Each rung the ladder (or a supervisor by hand) just took on these notices: steps added but not yet saved.</summary>
    public async Task LadderStepsTakenAsync(IEnumerable<Notice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notices);
        db.ChangeTracker.DetectChanges();
        foreach (var notice in notices)
        {
            foreach (var step in notice.Escalations.Where(e => db.Entry(e).State == EntityState.Added))
            {
                var unit = await UnitUsersAsync(notice.RecipientUnitId, Permissions.NoticesRespond, cancellationToken);
                switch (step.Step)
                {
                    case EscalationStep.Reminder:
                        Send(unit, NotificationKind.NoticeReminder, $"督办提醒：{notice.Number} 尚未签收",
                            $"{step.Cause}。办理期限：{Day(notice.Deadline)}，请尽快签收并反馈。", notice);
                        break;
                    case EscalationStep.Escalated when step.ResultingNotice is { } next:
                        var body = $"{step.Cause}。新通知 {next.Number} 已发{next.AddressedTo}，办理期限：{Day(next.Deadline)}。";
                        var title = $"督办升级：{notice.Number} 已升级为 {next.Number}";
                        Send(unit, NotificationKind.NoticeEscalated, title, body, next);
                        Send(await DecidersAsync(notice, cancellationToken), NotificationKind.NoticeEscalated, title, body, next);
                        break;
                    case EscalationStep.ListedInBulletin:
                        var quarter = step.BulletinQuarterKey is { } key ? BulletinQuarter.FromKey(key).ToString() : string.Empty;
                        Send(unit, NotificationKind.NoticeListedInBulletin, $"列入通报：{notice.Number}", $"{step.Cause}（{quarter}）。", notice);
                        break;
                }
            }
        }
    }

    /// <summary>退回: the user who submitted the report, or the unit's reporters when that user can no longer file for it.</summary>
    public async Task ReportReturnedAsync(MonthlyReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var task = await db.Tasks.AsNoTracking().IgnoreQueryFilters().Where(t => t.Id == report.TaskId).Select(t => new { t.Code, t.Title }).SingleAsync(cancellationToken);
        var recipients = await NamedOrUnitAsync(report.SubmittedBy, report.UnitId, Permissions.ReportsFile, cancellationToken);
        Send(recipients, NotificationKind.ReportReturned, $"月报被退回：{task.Code} {report.Period}",
            $"{task.Title}（{report.Period}）的月报被退回。退回意见：{Excerpt(report.ReviewComment ?? string.Empty)}",
            $"/tasks/{report.TaskId}/reports/{report.Period}");
    }

    /// <summary>批准 or 驳回: the user who asked, or the unit's reporters when that user is gone.</summary>
    public async Task ExtensionDecidedAsync(ExtensionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var task = await TaskLabelAsync(request.TaskId, cancellationToken);
        var recipients = await NamedOrUnitAsync(request.RequestedBy, request.RequestingUnitId, Permissions.ReportsFile, cancellationToken);
        var approved = request.Status == ExtensionStatus.Approved;
        var opinion = string.IsNullOrWhiteSpace(request.DecisionReason) ? string.Empty : $"审批意见：{Excerpt(request.DecisionReason)}";
        var body = approved
            ? $"{task}完成时限由 {Day(request.CurrentDueDate)} 延至 {Day(request.ProposedDueDate)}。{opinion}"
            : $"{task}仍按 {Day(request.CurrentDueDate)} 完成。{opinion}";
        Send(recipients, NotificationKind.ExtensionDecided, approved ? "延期申请已批准" : "延期申请被驳回", body, $"/tasks/{request.TaskId}/extension");
    }

    /// <summary>Flags just opened on tasks: one notification per task to its lead unit's reporters.</summary>
    public async Task FlagsOpenedAsync(IReadOnlyCollection<Flag> flags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var byTask = flags.Where(f => f.TaskId is not null).GroupBy(f => f.TaskId!.Value).ToList();
        if (byTask.Count == 0)
        {
            return;
        }

        var ids = byTask.Select(g => g.Key).ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => EF.Parameter(ids).Contains(t.Id))
            .Select(t => new { t.Id, t.Code, t.Title, t.LeadUnitId }).ToDictionaryAsync(t => t.Id, cancellationToken);
        var reporters = (await UnitUsersAsync(tasks.Values.Select(t => t.LeadUnitId).Distinct().ToList(), Permissions.ReportsFile, cancellationToken))
            .ToLookup(r => r.UnitId);
        foreach (var group in byTask)
        {
            if (!tasks.TryGetValue(group.Key, out var task))
            {
                continue;
            }

            var reasons = string.Join("；", group.Select(f => f.Reason).Distinct());
            Send(reporters[task.LeadUnitId].ToList(), NotificationKind.FlagRaised,
                $"督查预警：{task.Code}", $"{task.Title}：{Excerpt(reasons)}", $"/tasks/{task.Id}");
        }
    }

    /// <summary>
    /// 临期提醒 for a saved notice, once per recipient, deadline and notice (<paramref name="dedupeKey"/>): users who
    /// already have it are skipped.
    /// </summary>
    internal async Task NoticeDueSoonAsync(
        int noticeId, string number, int recipientUnitId, DateOnly deadline, string dedupeKey, IReadOnlySet<int> alreadyNotified, CancellationToken cancellationToken)
    {
        var days = deadline.DayNumber - clock.Today.DayNumber;
        var when = days switch { 0 => "今天", 1 => "明天", _ => $"{days} 天后" };
        var recipients = (await UnitUsersAsync(recipientUnitId, Permissions.NoticesRespond, cancellationToken)).Where(r => !alreadyNotified.Contains(r.Id)).ToList();
        foreach (var recipient in recipients)
        {
            var notification = new Notification(recipient.Id, NotificationKind.NoticeDueSoon, $"临期提醒：{number} {when}到期",
                $"督办通知 {number} 的办理期限为 {Day(deadline)}，尚未反馈，请按期办结并反馈。", null, clock.UtcNow, WantsEmail(recipient), dedupeKey);
            notification.AboutNotice(noticeId);
            Track(notification);
        }
    }

    private void Send(IReadOnlyCollection<Recipient> recipients, NotificationKind kind, string title, string body, Notice notice)
    {
        var saved = db.Entry(notice).State != EntityState.Added;
        foreach (var recipient in recipients.DistinctBy(r => r.Id))
        {
            var notification = new Notification(recipient.Id, kind, title, body, null, clock.UtcNow, WantsEmail(recipient));
            if (saved)
            {
                notification.AboutNotice(notice.Id);
            }
            else
            {
                notification.AboutNotice(notice);
            }

            Track(notification);
        }
    }

    private void Send(IReadOnlyCollection<Recipient> recipients, NotificationKind kind, string title, string body, string link)
    {
        foreach (var recipient in recipients.DistinctBy(r => r.Id))
        {
            Track(new Notification(recipient.Id, kind, title, body, link, clock.UtcNow, WantsEmail(recipient)));
        }
    }

    private void Track(Notification notification)
    {
        if (!_watching)
        {
            // The rows belong to the save they were added for: kept when it succeeds, dropped when it fails.
            db.SavedChanges += (_, _) => KeepPending();
            db.SaveChangesFailed += (_, _) => DropPending();
            _watching = true;
        }

        db.Notifications.Add(notification);
        _pending.Add(notification);
    }

    private void KeepPending()
    {
        foreach (var recipient in _pending.Select(n => n.RecipientUserId).Distinct())
        {
            UnreadCount.Forget(cache, recipient);
        }

        _pending.Clear();
    }

    private void DropPending()
    {
        foreach (var notification in _pending)
        {
            db.Entry(notification).State = EntityState.Detached;
        }

        _pending.Clear();
    }

    private bool WantsEmail(Recipient recipient) => options.Value.Email.IsConfigured && !string.IsNullOrWhiteSpace(recipient.Email);

    private Task<List<Recipient>> UnitUsersAsync(int unitId, string permission, CancellationToken cancellationToken) =>
        UnitUsersAsync([unitId], permission, cancellationToken);

    /// <summary>Enabled users bound to one of the units whose role holds the permission.</summary>
    private Task<List<Recipient>> UnitUsersAsync(IReadOnlyCollection<int> unitIds, string permission, CancellationToken cancellationToken)
    {
        var roles = RolePermissions.RolesWith(permission).ToList();
        return db.Users.AsNoTracking()
            .Where(u => !u.IsDisabled && u.UnitId != null && unitIds.Contains(u.UnitId.Value) && roles.Contains(u.Role))
            .Select(u => new Recipient(u.Id, u.UnitId, u.Email)).ToListAsync(cancellationToken);
    }

    /// <summary>The named user if still enabled, in the unit and allowed to act; otherwise everyone in the unit who may.</summary>
    private async Task<List<Recipient>> NamedOrUnitAsync(string? userName, int unitId, string permission, CancellationToken cancellationToken)
    {
        var unit = await UnitUsersAsync(unitId, permission, cancellationToken);
        if (string.IsNullOrEmpty(userName))
        {
            return unit;
        }

        var named = await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken);
        var match = unit.Where(r => r.Id == named).ToList();
        return match.Count > 0 ? match : unit;
    }

    /// <summary>Who decides the notice (see <see cref="NoticeScope.MayDecide"/>): the issuing office's reviewers, or the supervisors.</summary>
    private Task<List<Recipient>> DecidersAsync(Notice notice, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking().Where(u => !u.IsDisabled);
        users = notice.IssuerOfficeId is { } office
            ? users.Where(u => u.Role == Roles.OfficeReviewer && u.OfficeId == office)
            : users.Where(u => u.Role == Roles.Supervisor);
        return users.Select(u => new Recipient(u.Id, u.UnitId, u.Email)).ToListAsync(cancellationToken);
    }

    private async Task<string> TaskLabelAsync(int? taskId, CancellationToken cancellationToken)
    {
        if (taskId is not { } id)
        {
            return string.Empty;
        }

        var task = await db.Tasks.AsNoTracking().IgnoreQueryFilters().Where(t => t.Id == id).Select(t => new { t.Code, t.Title }).SingleOrDefaultAsync(cancellationToken);
        return task is null ? string.Empty : $"任务 {task.Code} {task.Title}。";
    }

    private static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim().TrimEnd('。', '；', '.', ';');
        return flat.Length > ExcerptLength ? flat[..ExcerptLength] + "…" : flat;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Recipient(int Id, int? UnitId, string? Email);
}
