namespace ReformTracker.Web.Domain.Supervision;

/// <summary>红黄绿灯: the traffic light of a task. Ordered so that the worst light is the largest.</summary>
public enum Light
{
    Green = 0,
    Yellow = 1,
    Red = 2,
}

/// <summary>What the system noticed. Each rule fires per subject (the task itself, one milestone, one problem, one month).</summary>
public enum FlagRule
{
    /// <summary>任务逾期</summary>
    TaskOverdue,

    /// <summary>节点逾期</summary>
    MilestoneOverdue,

    /// <summary>逾期未报</summary>
    ReportMissing,

    /// <summary>措施逾期</summary>
    MeasureOverdue,

    /// <summary>进度停滞</summary>
    Stalled,

    /// <summary>进度滞后</summary>
    BehindTrajectory,

    /// <summary>临近时限</summary>
    DueSoon,

    /// <summary>报告与节点不符</summary>
    Inconsistent,

    /// <summary>交办事项逾期 (an item assigned at a meeting)</summary>
    MeetingItemOverdue,
}
