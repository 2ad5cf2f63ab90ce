using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

public sealed class ExtensionTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly DateOnly Due = new(2026, 12, 31);

    [Fact]
    public async Task A_request_waits_for_the_office_and_approval_with_waiver_moves_the_due_date_with_an_audit_record()
    {
        var taskId = await NewTaskAsync(Due);
        using var reporter = app.CreateClientFor("reporter");
        using var reviewer = app.CreateClientFor("reviewer");
        var before = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => (long?)r.Sequence)) ?? 0;

        await AskAsync(reporter, taskId, "2027-01-31", "征地手续尚未办结", refused: null);
        var pending = await RequestAsync(taskId);
        Assert.Equal(ExtensionStatus.Pending, pending.Status);
        Assert.Equal(Due, pending.CurrentDueDate);
        Assert.Equal("reporter", pending.RequestedBy);

        await AskAsync(reporter, taskId, "2027-02-28", "再次申请", refused: "该任务已有待审批的延期申请");
        Assert.Equal(1, await app.WithDbAsync(db => db.ExtensionRequests.CountAsync(e => e.TaskId == taskId)));

        var list = await reviewer.GetPageAsync("/extensions");
        Assert.NotNull(list.QuerySelector($"[data-testid=to-decide] [data-extension-id='{pending.Id}']"));
        var response = await reviewer.SubmitFormAsync("/extensions", new Dictionary<string, string?> { ["Waive"] = "true", ["Reason"] = "同意" },
            $"[data-extension-id='{pending.Id}'] form[data-testid=approve-form]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var approved = await RequestAsync(taskId);
        Assert.Equal(ExtensionStatus.Approved, approved.Status);
        Assert.True(approved.WaiveForScoring);
        Assert.Equal("reviewer", approved.DecidedBy);
        var task = await app.WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId));
        Assert.Equal(new DateOnly(2027, 1, 31), task.DueDate);
        Assert.Equal(Due, task.OriginalDueDate);
        Assert.Equal(new DateOnly(2027, 1, 31), task.ScoringDueDate(true));
        Assert.Equal(Due, task.ScoringDueDate(false));

        var page = await reporter.GetPageAsync($"/tasks/{taskId}");
        Assert.Contains("2027", page.QuerySelector("[data-testid=due-date]")!.TextContent, StringComparison.Ordinal);
        var audit = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.Sequence > before && r.EntityType == "ReformTask" && r.EntityId == taskId.ToString(CultureInfo.InvariantCulture))
            .ToListAsync());
        var change = Assert.Single(audit);
        Assert.Equal("reviewer", change.UserName);
        Assert.Contains("DueDate", change.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposed_date_not_later_and_a_request_after_the_due_date_are_refused()
    {
        var taskId = await NewTaskAsync(Due);
        var overdueId = await NewTaskAsync(new DateOnly(2026, 11, 1));
        using var reporter = app.CreateClientFor("reporter");

        await AskAsync(reporter, taskId, "2026-12-31", "理由", refused: "申请的完成时限须晚于当前完成时限");
        await AskAsync(reporter, taskId, "2027-03-01", " ", refused: "请填写延期理由");
        await AskAsync(reporter, overdueId, "2027-03-01", "理由", refused: "已超过完成时限，不能再申请延期");

        Assert.Equal(0, await app.WithDbAsync(db => db.ExtensionRequests.CountAsync(e => e.TaskId == taskId || e.TaskId == overdueId)));
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_only_the_tasks_office_may_decide()
    {
        var taskId = await NewTaskAsync(Due);
        using var reporter = app.CreateClientFor("reporter");
        using var reviewer = app.CreateClientFor("reviewer");
        await AskAsync(reporter, taskId, "2027-01-31", "资金未到位", refused: null);
        var id = (await RequestAsync(taskId)).Id;

        using var leader = app.CreateClientFor("leader");
        var token = (await leader.GetPageAsync("/extensions")).AntiforgeryToken()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync($"/extensions/{id}/approve", [new("__RequestVerificationToken", token)])).StatusCode);

        var otherReviewer = await NewReviewerOfAnotherOfficeAsync();
        using var other = app.CreateClientFor(otherReviewer);
        token = (await other.GetPageAsync("/extensions")).AntiforgeryToken()!;
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/extensions/{id}/approve", [new("__RequestVerificationToken", token)])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/extensions/{id}/reject", [new("__RequestVerificationToken", token), new("Reason", "不同意")])).StatusCode);

        var response = await reviewer.SubmitFormAsync("/extensions", new Dictionary<string, string?> { ["Reason"] = "" },
            $"[data-extension-id='{id}'] form[data-testid=reject-form]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("驳回时须填写理由", (await reviewer.GetPageAsync("/extensions")).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ExtensionStatus.Pending, (await RequestAsync(taskId)).Status);

        await reviewer.SubmitFormAsync("/extensions", new Dictionary<string, string?> { ["Reason"] = "理由不充分" },
            $"[data-extension-id='{id}'] form[data-testid=reject-form]");
        var rejected = await RequestAsync(taskId);
        Assert.Equal(ExtensionStatus.Rejected, rejected.Status);
        Assert.Equal("理由不充分", rejected.DecisionReason);
        Assert.Equal(Due, (await app.WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId))).DueDate);
        var own = await reporter.GetPageAsync("/extensions");
        Assert.Contains("已驳回", own.QuerySelector($"[data-testid=own-unit] [data-extension-id='{id}']")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task AskAsync(HttpClient client, int taskId, string proposed, string reason, string? refused)
    {
        var response = await client.SubmitFormAsync($"/tasks/{taskId}/extension",
            new Dictionary<string, string?> { ["ProposedDueDate"] = proposed, ["Reason"] = reason }, "form[data-testid=extension-form]");
        if (refused is null)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(refused, (await response.ReadPageAsync()).Body!.TextContent, StringComparison.Ordinal);
    }

    private Task<ExtensionRequest> RequestAsync(int taskId) =>
        app.WithDbAsync(db => db.ExtensionRequests.AsNoTracking().Where(e => e.TaskId == taskId).OrderByDescending(e => e.Id).FirstAsync());

    private Task<int> NewTaskAsync(DateOnly due) => app.WithDbAsync(async db =>
    {
        var reporterUnit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
        var reviewerOffice = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"EXT-{Guid.NewGuid():N}"[..16], "延期测试任务", "内容", "目标", "标准", area.Id, reviewerOffice!.Value, reporterUnit!.Value, null,
            new DateOnly(2026, 1, 1), due, TaskPriority.Normal, null), []);
        task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    });

    private async Task<string> NewReviewerOfAnotherOfficeAsync()
    {
        var office = await app.WithDbAsync(async db =>
        {
            var own = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
            return await db.Offices.Where(o => o.Id != own).Select(o => o.Id).FirstAsync();
        });
        var userName = $"rev{Guid.NewGuid():N}"[..12];
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await users.CreateAsync(new AppUser { UserName = userName, DisplayName = "另一办公室审核员", Role = Roles.OfficeReviewer, OfficeId = office }, TestApp.DemoPassword);
        return userName;
    }
}
