using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReformTracker.BrowserTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Supervision;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class SupervisionWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_missed_milestone_is_chased_from_its_flag_to_a_closed_rectification_order_and_the_light_turns_green()
    {
        var (taskId, code, milestoneId) = await ArrangeTaskWithAMissedMilestoneAsync();
        var flagId = await EvaluateAndFindFlagAsync(taskId);

        // 1. The supervisor opens the flag from the workspace and issues a rectification order from it.
        var supervisor = await fixture.SignedInPageAsync("supervisor");
        await supervisor.GotoAsync($"/supervision/flags/{flagId}");
        await Expect(supervisor.GetByTestId("reason")).ToContainTextAsync("完成施工图设计");
        await Expect(supervisor.GetByTestId("flag-notices-empty")).ToBeVisibleAsync();
        await supervisor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "flag-page.png"), FullPage = true });
        await supervisor.GetByTestId("issue-notice").ClickAsync();
        await Expect(supervisor.GetByLabel("督办要求")).ToContainTextAsync("完成施工图设计");
        await supervisor.GetByLabel("类型").SelectOptionAsync(nameof(NoticeKind.Rectification));
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "下发", Exact = true }).ClickAsync();
        await Expect(supervisor.GetByTestId("notice-number")).ToContainTextAsync("整改〔2026〕");
        var noticeUrl = new Uri(supervisor.Url).AbsolutePath;

        // 2. The unit signs for it and responds with evidence (a real PNG: a screenshot of the order itself).
        var reporter = await fixture.SignedInPageAsync("reporter");
        await reporter.GotoAsync(noticeUrl);
        await reporter.GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await Expect(reporter.GetByTestId("notice-status")).ToHaveTextAsync("已签收");
        var photo = await reporter.ScreenshotAsync();
        await reporter.GetByLabel("整改措施").FillAsync("已召开专题会，施工图设计单位增派人员，12月5日前完成出图。");
        await reporter.GetByLabel("佐证材料").SetInputFilesAsync(new FilePayload { Name = "专题会纪要.png", MimeType = "image/png", Buffer = photo });
        await reporter.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Expect(reporter.GetByTestId("notice-status")).ToHaveTextAsync("已反馈");
        await Expect(reporter.GetByTestId("response-evidence").GetByRole(AriaRole.Link, new() { Name = "专题会纪要.png" })).ToBeVisibleAsync();

        // 3. The supervisor returns it once with a reason.
        await supervisor.GotoAsync(noticeUrl);
        await supervisor.GetByLabel("退回理由").FillAsync("请附设计单位的出图计划");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        await Expect(supervisor.GetByTestId("notice-status")).ToHaveTextAsync("已退回");

        // 4. The unit responds again, with a PDF this time (the order printed by the browser).
        await reporter.GotoAsync($"{noticeUrl}/print");
        var plan = await reporter.PdfAsync(new() { Format = "A4" });
        await reporter.GotoAsync(noticeUrl);
        await Expect(reporter.GetByTestId("timeline")).ToContainTextAsync("请附设计单位的出图计划");
        await reporter.GetByLabel("整改措施").FillAsync("已附设计单位出图计划：12月5日提交施工图，12月10日完成审查。");
        await reporter.GetByLabel("佐证材料").SetInputFilesAsync(new FilePayload { Name = "出图计划.pdf", MimeType = "application/pdf", Buffer = plan });
        await reporter.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Expect(reporter.GetByTestId("notice-status")).ToHaveTextAsync("已反馈");
        await Expect(reporter.GetByTestId("response-evidence")).ToHaveCountAsync(2);

        // 5. The supervisor verifies and closes it (销号); the flag's page lists the order.
        await supervisor.GotoAsync(noticeUrl);
        await Expect(supervisor.GetByTestId("response-evidence").GetByRole(AriaRole.Link, new() { Name = "出图计划.pdf" })).ToBeVisibleAsync();
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "核验销号" }).ClickAsync();
        await Expect(supervisor.GetByTestId("notice-status")).ToHaveTextAsync("已销号");
        await supervisor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "notice-details.png"), FullPage = true });
        await supervisor.GotoAsync($"{noticeUrl}/print");
        await supervisor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "notice-print.png"), FullPage = true });
        await supervisor.GotoAsync($"/supervision/flags/{flagId}");
        await Expect(supervisor.GetByTestId("flag-notice-status")).ToHaveTextAsync("已销号");

        // 6. The cause is fixed: the unit reports the milestone reached, the office accepts, and the light turns green.
        var reportId = await SubmitReportWithMilestoneReachedAsync(taskId, milestoneId);
        var reviewer = await fixture.SignedInPageAsync("reviewer");
        await reviewer.GotoAsync($"/review/{reportId}");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "通过", Exact = true }).ClickAsync();
        await Expect(reviewer.GetByTestId("flash")).ToBeVisibleAsync();
        await EvaluateAsync(taskId);

        await reporter.GotoAsync($"/tasks/{taskId}");
        await Expect(reporter.GetByTestId("task-title")).ToContainTextAsync(code);
        await Expect(reporter.GetByTestId("light-panel")).ToHaveAttributeAsync("data-light", nameof(Light.Green));
        await Expect(reporter.GetByTestId("light-label")).ToHaveTextAsync("绿灯");
        await reporter.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "task-green.png"), FullPage = true });
    }

    [Fact]
    public async Task A_close_out_is_returned_once_applied_again_and_verified_and_the_task_is_completed()
    {
        var (taskId, _, _) = await ArrangeTaskWithAMissedMilestoneAsync();
        var reporter = await fixture.SignedInPageAsync("reporter");
        await reporter.GotoAsync($"/tasks/{taskId}");
        await reporter.GetByTestId("apply-closeout").ClickAsync();

        // Without a file the form says so beside the file input and keeps the text.
        await reporter.GetByLabel("完成情况").FillAsync("提标改造工程已完工，出水水质连续30天达到一级A标准。");
        await reporter.GetByRole(AriaRole.Button, new() { Name = "提交销号申请" }).ClickAsync();
        await Expect(reporter.GetByTestId("error-files")).ToHaveTextAsync("请上传至少一个佐证材料");
        await Expect(reporter.GetByLabel("完成情况")).ToHaveValueAsync("提标改造工程已完工，出水水质连续30天达到一级A标准。");

        var photo = await reporter.ScreenshotAsync();
        await reporter.GetByLabel("佐证材料").SetInputFilesAsync(new FilePayload { Name = "竣工现场.png", MimeType = "image/png", Buffer = photo });
        await reporter.GetByRole(AriaRole.Button, new() { Name = "提交销号申请" }).ClickAsync();
        await Expect(reporter.GetByTestId("flash")).ToContainTextAsync("销号申请已提交");

        var reviewer = await fixture.SignedInPageAsync("reviewer");
        await reviewer.GotoAsync("/closeouts");
        await reviewer.GetByTestId("to-decide").Locator("tbody tr", new() { HasText = "推进城东污水处理厂提标改造" }).Last.GetByTestId("review-link").ClickAsync();
        await reviewer.GetByLabel("退回理由").FillAsync("请补充第三方水质检测报告");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        await Expect(reviewer.GetByTestId("flash")).ToContainTextAsync("已退回销号申请");

        await reporter.GotoAsync($"/tasks/{taskId}/closeout");
        await Expect(reporter.GetByTestId("closeout-decision")).ToContainTextAsync("请补充第三方水质检测报告");
        await reporter.GotoAsync($"/tasks/{taskId}");
        var report = await reporter.PdfAsync(new() { Format = "A4" });
        await reporter.GotoAsync($"/tasks/{taskId}/closeout");
        await reporter.GetByLabel("完成情况").FillAsync("已补充第三方水质检测报告，各项指标达标。");
        await reporter.GetByLabel("佐证材料").SetInputFilesAsync(new FilePayload { Name = "水质检测报告.pdf", MimeType = "application/pdf", Buffer = report });
        await reporter.GetByRole(AriaRole.Button, new() { Name = "提交销号申请" }).ClickAsync();
        await Expect(reporter.GetByTestId("flash")).ToContainTextAsync("销号申请已提交");

        await reviewer.GotoAsync("/closeouts");
        await reviewer.GetByTestId("to-decide").Locator("tbody tr", new() { HasText = "推进城东污水处理厂提标改造" }).Last.GetByTestId("review-link").ClickAsync();
        await Expect(reviewer.GetByTestId("closeout-evidence").First).ToContainTextAsync("水质检测报告.pdf");
        await reviewer.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "closeout-review.png"), FullPage = true });
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "核验通过，予以销号" }).ClickAsync();
        await Expect(reviewer.GetByTestId("flash")).ToContainTextAsync("任务已完成");

        await reporter.GotoAsync($"/tasks/{taskId}");
        await Expect(reporter.GetByTestId("task-status")).ToHaveTextAsync("已完成");
        await Expect(reporter.GetByTestId("closeout-state")).ToHaveTextAsync("已销号");
        await Expect(reporter.GetByTestId("closeout-history").Locator("[data-closeout-id]")).ToHaveCountAsync(2);
        await reporter.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "task-closed-out.png"), FullPage = true });
    }

    /// <summary>
    /// A task of the reporter's unit under the reviewer's office, started this month, with one milestone eight days overdue
    /// and one next year: red for the missed milestone only.
    /// </summary>
    private async Task<(int TaskId, string Code, int MilestoneId)> ArrangeTaskWithAMissedMilestoneAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unitId = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId!.Value).SingleAsync();
        var officeId = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId!.Value).SingleAsync();
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"SV-{Guid.NewGuid():N}"[..14], "推进城东污水处理厂提标改造", "完成提标改造设计与施工", "出水达到一级A标准", "按节点推进", area.Id, officeId, unitId, null,
            new DateOnly(2026, 11, 1), new DateOnly(2027, 3, 31), TaskPriority.High, null), []);
        task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 11, 1));
        var missed = task.AddMilestone("完成施工图设计", new DateOnly(2026, 11, 15));
        task.AddMilestone("完成竣工验收", new DateOnly(2027, 3, 15));
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return (task.Id, task.Code, missed.Id);
    }

    private async Task<int> EvaluateAndFindFlagAsync(int taskId)
    {
        await EvaluateAsync(taskId);
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Flags.Where(f => f.TaskId == taskId && f.Rule == FlagRule.MilestoneOverdue && f.ClosedAtUtc == null).Select(f => f.Id).SingleAsync();
    }

    private async Task EvaluateAsync(int taskId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync([taskId], CancellationToken.None);
    }

    /// <summary>The unit's November report: 60%, the design milestone reached on 2026-11-20, submitted.</summary>
    private async Task<int> SubmitReportWithMilestoneReachedAsync(int taskId, int milestoneId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unitId = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.LeadUnitId).SingleAsync();
        var report = MonthlyReport.StartDraft(taskId, unitId, new YearMonth(2026, 11));
        report.Fill("施工图设计已完成并通过审查，进入施工招标准备。", 60, null, null, null);
        report.SetMilestonesReached([(milestoneId, new DateOnly(2026, 11, 20))]);
        report.Submit(BrowserFixture.Today.UtcDateTime, "reporter");
        db.Reports.Add(report);
        await db.SaveChangesAsync();
        return report.Id;
    }
}
