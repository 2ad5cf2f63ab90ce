using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.Web.Features.Notices;

public static class NoticeLabels
{
    public static string Label(this NoticeKind kind) => kind switch
    {
        NoticeKind.Reminder => "提醒",
        NoticeKind.SupervisionNotice => "督办单",
        NoticeKind.Rectification => "整改通知",
        NoticeKind.PublicCriticism => "通报",
        NoticeKind.AccountabilityReferral => "问责建议",
        _ => kind.ToString(),
    };

    /// <summary>The heading of the printed document.</summary>
    public static string DocumentTitle(this NoticeKind kind) => kind switch
    {
        NoticeKind.Reminder => "督查提醒函",
        NoticeKind.SupervisionNotice => "督查督办通知",
        NoticeKind.Rectification => "整改通知书",
        NoticeKind.PublicCriticism => "督查通报",
        NoticeKind.AccountabilityReferral => "问责建议书",
        _ => kind.ToString(),
    };

    public static string Label(this NoticeStatus status) => status switch
    {
        NoticeStatus.Issued => "已下发",
        NoticeStatus.SignedFor => "已签收",
        NoticeStatus.Responded => "已反馈",
        NoticeStatus.Returned => "已退回",
        NoticeStatus.Closed => "已销号",
        _ => status.ToString(),
    };

    public static string BadgeClass(this NoticeStatus status) => status switch
    {
        NoticeStatus.Issued => "text-bg-warning",
        NoticeStatus.SignedFor => "text-bg-info",
        NoticeStatus.Responded => "text-bg-primary",
        NoticeStatus.Returned => "text-bg-danger",
        NoticeStatus.Closed => "text-bg-success",
        _ => "text-bg-secondary",
    };

    public static string Label(this EscalationStep step) => step switch
    {
        EscalationStep.Reminder => "催办提醒",
        EscalationStep.Escalated => "升级督办",
        EscalationStep.ListedInBulletin => "列入通报",
        _ => step.ToString(),
    };
}
