using ReformTracker.Web.Domain.Notifications;

namespace ReformTracker.Web.Features.Notifications;

public static class NotificationLabels
{
    public static string Label(this NotificationKind kind) => kind switch
    {
        NotificationKind.NoticeReceived => "督办通知",
        NotificationKind.NoticeDueSoon => "临期提醒",
        NotificationKind.ReportReturned => "月报退回",
        NotificationKind.ExtensionDecided => "延期审批",
        NotificationKind.FlagRaised => "督查预警",
        NotificationKind.NoticeReminder => "签收提醒",
        NotificationKind.NoticeEscalated => "升级督办",
        NotificationKind.NoticeListedInBulletin => "列入通报",
        _ => kind.ToString(),
    };
}
