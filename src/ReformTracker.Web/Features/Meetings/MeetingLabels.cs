using ReformTracker.Web.Domain.Meetings;

namespace ReformTracker.Web.Features.Meetings;

public static class MeetingLabels
{
    public static string Label(this MeetingItemState state) => state switch
    {
        MeetingItemState.Done => "已办结",
        _ => "办理中",
    };

    public static string BadgeClass(this MeetingItemState state, bool overdue) => state switch
    {
        MeetingItemState.Done => "text-bg-success",
        _ when overdue => "text-bg-danger",
        _ => "text-bg-primary",
    };
}
