using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.IntegrationTests;

/// <summary>下发督办通知 from a flag of the supervisor's workspace, and the notices listed on the flag's page.</summary>
public sealed class FlagNoticeTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_supervisor_issues_a_notice_from_the_flag_page_and_the_flag_lists_it()
    {
        var (taskId, flagId) = await OverdueTaskAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        using var leader = app.CreateClientFor("leader");

        var flagPage = await supervisor.GetPageAsync($"/supervision/flags/{flagId}");
        var button = flagPage.QuerySelector("[data-testid=issue-notice]")!;
        Assert.Equal($"/notices/create?task={taskId}&flag={flagId}", button.GetAttribute("href"));
        Assert.NotNull(flagPage.QuerySelector("[data-testid=flag-notices-empty]"));

        // ?flag= alone finds the flag's task and prefills the form from the flag.
        var form = await supervisor.GetPageAsync($"/notices/create?flag={flagId}");
        Assert.Equal(flagId.ToString(System.Globalization.CultureInfo.InvariantCulture), form.QuerySelector("input[name=FlagId]")!.GetAttribute("value"));
        Assert.Contains("已超过完成时限", form.QuerySelector("#Requirements")!.TextContent, StringComparison.Ordinal);
        await supervisor.GetPageAsync("/notices/create?flag=999999", HttpStatusCode.NotFound);

        using var issued = await supervisor.SubmitFormAsync($"/notices/create?flag={flagId}", new Dictionary<string, string?>(), "form[action='/notices/create']");
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var notice = await app.WithDbAsync(db => db.Notices.AsNoTracking().SingleAsync(n => n.FlagId == flagId));
        Assert.Equal(NoticeKind.Rectification, notice.Kind);
        Assert.Equal(taskId, notice.TaskId);

        var listed = await supervisor.GetPageAsync($"/supervision/flags/{flagId}");
        var row = listed.QuerySelector($"[data-testid=flag-notices] [data-notice-id='{notice.Id}']")!;
        Assert.Contains(notice.Number, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("已下发", row.QuerySelector("[data-testid=flag-notice-status]")!.TextContent, StringComparison.Ordinal);

        // A leader reads the flag and its notices but is offered no button.
        var leaderPage = await leader.GetPageAsync($"/supervision/flags/{flagId}");
        Assert.Null(leaderPage.QuerySelector("[data-testid=issue-notice]"));
        Assert.NotNull(leaderPage.QuerySelector($"[data-testid=flag-notices] [data-notice-id='{notice.Id}']"));
        await leader.GetPageAsync($"/notices/create?flag={flagId}", HttpStatusCode.Forbidden);
    }

    /// <summary>A task of the demo reporter's unit and the demo reviewer's office, three weeks overdue, with its flag.</summary>
    private async Task<(int TaskId, int FlagId)> OverdueTaskAsync()
    {
        var taskId = await app.WithDbAsync(async db =>
        {
            var reporterUnit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
            var reviewerOffice = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
            var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
            var task = new ReformTask(area.PlanId, new TaskDefinition(
                $"FLG-{Guid.NewGuid():N}"[..16], "预警督办测试任务", "内容", "目标", "标准", area.Id, reviewerOffice!.Value, reporterUnit!.Value, null,
                new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 1), TaskPriority.Normal, null), []);
            task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            return task.Id;
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync(null, CancellationToken.None);
        }

        var flagId = await app.WithDbAsync(db => db.Flags.Where(f => f.TaskId == taskId && f.Rule == FlagRule.TaskOverdue && f.ClosedAtUtc == null)
            .Select(f => f.Id).SingleAsync());
        return (taskId, flagId);
    }
}
