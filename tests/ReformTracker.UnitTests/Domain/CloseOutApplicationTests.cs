using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.UnitTests.Domain;

public sealed class CloseOutApplicationTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void Approving_completes_the_task_on_the_day_and_a_task_is_never_completed_by_a_status_change()
    {
        var task = ReformTaskTests.NewTask();
        Assert.Throws<InvalidOperationException>(() => task.ChangeStatus(ReformTaskStatus.Completed, Today));

        var application = new CloseOutApplication(task, "  已完成全部建设内容  ", "reporter", Now, hasPending: false);
        Assert.Equal("已完成全部建设内容", application.Summary);
        Assert.Equal(CloseOutStatus.Pending, application.Status);

        application.Approve(task, Now, Today, "reviewer", "材料齐全");

        Assert.Equal(CloseOutStatus.Approved, application.Status);
        Assert.Equal(ReformTaskStatus.Completed, task.Status);
        Assert.Equal(Today, task.CompletedOn);
        Assert.Equal("reviewer", application.DecidedBy);
        Assert.Throws<InvalidOperationException>(() => application.Return(Now, "reviewer", "再退回"));
        Assert.Equal(CloseOutRefusal.TaskCompleted, CloseOutApplication.WhyNot(task, "再申请", hasPending: false));
    }

    [Fact]
    public void Returning_needs_a_reason_and_leaves_the_task_open_for_another_application()
    {
        var task = ReformTaskTests.NewTask();
        var application = new CloseOutApplication(task, "已完成", "reporter", Now, hasPending: false);

        Assert.Throws<InvalidOperationException>(() => application.Return(Now, "reviewer", " "));
        application.Return(Now, "reviewer", "缺少验收材料");

        Assert.Equal(CloseOutStatus.Returned, application.Status);
        Assert.Equal("缺少验收材料", application.DecisionReason);
        Assert.False(task.IsClosed);
        Assert.Null(CloseOutApplication.WhyNot(task, "补充后再申请", hasPending: false));
    }

    [Fact]
    public void One_pending_application_per_task_and_a_summary_is_required()
    {
        var task = ReformTaskTests.NewTask();

        Assert.Equal(CloseOutRefusal.AlreadyPending, CloseOutApplication.WhyNot(task, "已完成", hasPending: true));
        Assert.Equal(CloseOutRefusal.SummaryRequired, CloseOutApplication.WhyNot(task, "  ", hasPending: false));
        Assert.Throws<InvalidOperationException>(() => new CloseOutApplication(task, "已完成", "reporter", Now, hasPending: true));
    }

    [Fact]
    public void An_evidence_file_names_exactly_the_owner_it_was_made_for()
    {
        var report = new EvidenceFile(3, "a.pdf", "x", "application/pdf", 1, "h", "u");
        var response = new EvidenceFile(EvidenceOwner.NoticeResponse(4), "a.pdf", "y", "application/pdf", 1, "h", "u");
        var closeOut = new EvidenceFile(EvidenceOwner.CloseOut(5), "a.pdf", "z", "application/pdf", 1, "h", "u");

        Assert.Equal((3, (int?)null, (int?)null), (report.ReportId!.Value, report.NoticeResponseId, report.CloseOutId));
        Assert.Equal(EvidenceOwner.NoticeResponse(4), response.Owner);
        Assert.Equal(EvidenceOwner.CloseOut(5), closeOut.Owner);
        Assert.Null(closeOut.ReportId);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvidenceFile(EvidenceOwner.CloseOut(0), "a.pdf", "z", "application/pdf", 1, "h", "u"));
    }
}
