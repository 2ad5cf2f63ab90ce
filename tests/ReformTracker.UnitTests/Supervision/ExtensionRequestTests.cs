using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.UnitTests.Supervision;

public sealed class ExtensionRequestTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateOnly Due = new(2026, 12, 31);

    [Fact]
    public void A_valid_request_snapshots_the_current_due_date_and_waits()
    {
        var task = NewTask(Due);
        var request = new ExtensionRequest(task, "reporter", " 征地未完成 ", Due.AddDays(30), Today, hasPending: false);

        Assert.Equal(ExtensionStatus.Pending, request.Status);
        Assert.Equal(Due, request.CurrentDueDate);
        Assert.Equal("征地未完成", request.Reason);
        Assert.Equal(task.LeadUnitId, request.RequestingUnitId);
    }

    [Fact]
    public void Requests_breaking_a_rule_are_refused()
    {
        var task = NewTask(Due);
        Assert.Equal(ExtensionRefusal.NotLater, ExtensionRequest.WhyNot(task, "理由", Due, Today, false));
        Assert.Equal(ExtensionRefusal.ReasonRequired, ExtensionRequest.WhyNot(task, " ", Due.AddDays(1), Today, false));
        Assert.Equal(ExtensionRefusal.AlreadyPending, ExtensionRequest.WhyNot(task, "理由", Due.AddDays(1), Today, true));
        Assert.Equal(ExtensionRefusal.PastDueDate, ExtensionRequest.WhyNot(task, "理由", Due.AddDays(1), Due.AddDays(1), false));
        Assert.Null(ExtensionRequest.WhyNot(task, "理由", Due.AddDays(1), Due, false));
        task.CompleteByCloseOut(Today);
        Assert.Equal(ExtensionRefusal.TaskCompleted, ExtensionRequest.WhyNot(task, "理由", Due.AddDays(1), Today, false));
        Assert.Throws<InvalidOperationException>(() => new ExtensionRequest(task, "reporter", "理由", Due.AddDays(1), Today, false));
    }

    [Fact]
    public void Approval_moves_the_due_date_and_keeps_the_original_for_scoring()
    {
        var task = NewTask(Due);
        var first = new ExtensionRequest(task, "reporter", "理由", Due.AddDays(31), Today, false);
        first.Approve(task, Now, "reviewer", waiveForScoring: false, reason: null);
        var second = new ExtensionRequest(task, "reporter", "理由", Due.AddDays(60), Today, false);
        second.Approve(task, Now, "reviewer", waiveForScoring: true, reason: "同意");

        Assert.Equal(ExtensionStatus.Approved, second.Status);
        Assert.Equal(Due.AddDays(60), task.DueDate);
        Assert.Equal(Due, task.OriginalDueDate);
        Assert.Equal(Due.AddDays(60), task.ScoringDueDate(true));
        Assert.Equal(Due, task.ScoringDueDate(false));
        Assert.Equal("同意", second.DecisionReason);
        Assert.Throws<InvalidOperationException>(() => second.Reject(Now, "reviewer", "晚了"));
    }

    [Fact]
    public void Rejection_needs_a_reason_and_only_from_pending()
    {
        var task = NewTask(Due);
        var request = new ExtensionRequest(task, "reporter", "理由", Due.AddDays(10), Today, false);
        Assert.Throws<ArgumentException>(() => request.Reject(Now, "reviewer", " "));
        request.Reject(Now, "reviewer", "理由不充分");

        Assert.Equal(ExtensionStatus.Rejected, request.Status);
        Assert.Equal(Due, task.DueDate);
        Assert.Null(task.OriginalDueDate);
        Assert.Throws<InvalidOperationException>(() => request.Approve(task, Now, "reviewer", false, null));
    }

    private static ReformTask NewTask(DateOnly due) => new(1, new TaskDefinition(
        "T-1", "任务", "内容", "目标", "标准", 1, 1, 7, null, new DateOnly(2026, 1, 1), due, TaskPriority.Normal, null), []);
}
