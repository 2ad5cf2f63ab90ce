namespace ReformTracker.Web.Domain.Reporting;

public enum ReportStatus
{
    /// <summary>草稿</summary>
    Draft,

    /// <summary>已提交</summary>
    Submitted,

    /// <summary>被退回</summary>
    Returned,

    /// <summary>已通过</summary>
    Accepted,
}
