using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReformTracker.BrowserTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class ReportingCycleTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_reporter_files_three_reports_the_reviewer_returns_one_and_then_accepts_all()
    {
        var tasks = await ArrangeThreeTasksAsync();
        var reporter = await fixture.SignedInPageAsync("reporter");
        reporter.Dialog += (_, dialog) => dialog.AcceptAsync();

        // 1. The inbox lists all three as not yet filed; the third can be carried forward from October.
        await reporter.GotoAsync("/reports/inbox");
        var inbox = reporter.GetByTestId("inbox");
        foreach (var task in tasks)
        {
            await Expect(Row(inbox, task.Code).GetByTestId("state")).ToHaveTextAsync("未填");
        }

        await reporter.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "report-inbox.png"), FullPage = true });

        // 2. Two reports written by hand and submitted.
        await FileAsync(reporter, tasks[0], "完成项目可研批复，启动初步设计招标", "35");
        await FileAsync(reporter, tasks[1], "完成征地面积120亩，占计划的60%", "60");

        // 3. The third carried forward from last month, adjusted, submitted.
        await reporter.GotoAsync("/reports/inbox");
        await Row(reporter.GetByTestId("inbox"), tasks[2].Code).GetByRole(AriaRole.Button, new() { Name = "沿用上月" }).ClickAsync();
        await Expect(reporter.GetByLabel("实现情况")).ToHaveValueAsync("10月完成方案比选。");
        await Expect(reporter.GetByTestId("report-status")).ToHaveTextAsync("草稿");
        await reporter.GetByLabel("完成进度（%）").FillAsync("50");
        await reporter.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "report-form.png"), FullPage = true });
        await reporter.GetByTestId("submit-report").ClickAsync();
        await Expect(reporter.GetByTestId("flash")).ToContainTextAsync("月报已提交");

        // 4. The reviewer returns the first report with a comment.
        var reviewer = await fixture.SignedInPageAsync("reviewer");
        reviewer.Dialog += (_, dialog) => dialog.AcceptAsync();
        await reviewer.GotoAsync("/review");
        await Row(reviewer.GetByTestId("review-queue"), tasks[0].Code).GetByRole(AriaRole.Link, new() { Name = "审核", Exact = true }).ClickAsync();
        await reviewer.GetByLabel("退回意见").FillAsync("请补充初步设计招标的时间安排");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        await Expect(reviewer.GetByTestId("flash")).ToBeVisibleAsync();

        // 5. The reporter sees the comment, fixes the report and submits it again.
        await reporter.GotoAsync("/reports/inbox");
        var returned = Row(reporter.GetByTestId("inbox"), tasks[0].Code);
        await Expect(returned.GetByTestId("state")).ToHaveTextAsync("被退回");
        await Expect(returned).ToContainTextAsync("请补充初步设计招标的时间安排");
        await returned.GetByRole(AriaRole.Link, new() { Name = "继续填报" }).ClickAsync();
        await Expect(reporter.GetByTestId("review-comment")).ToContainTextAsync("请补充初步设计招标的时间安排");
        await reporter.GetByLabel("实现情况").FillAsync("完成项目可研批复；初步设计招标定于12月10日开标");
        await reporter.GetByTestId("submit-report").ClickAsync();
        await Expect(reporter.GetByTestId("flash")).ToContainTextAsync("月报已提交");

        // 6. The reviewer accepts all three at once.
        await reviewer.GotoAsync("/review");
        foreach (var task in tasks)
        {
            await Row(reviewer.GetByTestId("review-queue"), task.Code).Locator("input[name=ids]").CheckAsync();
        }

        await reviewer.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "review-queue.png"), FullPage = true });
        await reviewer.GetByTestId("bulk-accept").ClickAsync();
        await Expect(reviewer.GetByTestId("flash")).ToContainTextAsync("3");

        // 7. Each task page shows the accepted progress for November.
        var expected = new[] { "35%", "60%", "50%" };
        for (var i = 0; i < tasks.Count; i++)
        {
            await reporter.GotoAsync($"/tasks/{tasks[i].Id}");
            await Expect(reporter.GetByTestId("last-period")).ToContainTextAsync("2026-11");
            await Expect(reporter.Locator(".progress-lg .progress-bar")).ToHaveTextAsync(expected[i]);
        }
    }

    private static ILocator Row(ILocator table, string code) => table.Locator("tbody tr", new() { HasText = code });

    private static async Task FileAsync(IPage page, (int Id, string Code) task, string achievement, string percent)
    {
        await page.GotoAsync("/reports/inbox");
        await Row(page.GetByTestId("inbox"), task.Code).GetByRole(AriaRole.Link, new() { Name = "填报", Exact = true }).ClickAsync();
        await page.GetByLabel("实现情况").FillAsync(achievement);
        await page.GetByLabel("完成进度（%）").FillAsync(percent);
        await page.GetByTestId("submit-report").ClickAsync();
        await Expect(page.GetByTestId("flash")).ToContainTextAsync("月报已提交");
        await Expect(Row(page.GetByTestId("inbox"), task.Code).GetByTestId("state")).ToHaveTextAsync("已提交");
    }

    /// <summary>Three tasks of the reporter's unit under the reviewer's office; the third has an accepted October report.</summary>
    private async Task<IReadOnlyList<(int Id, string Code)>> ArrangeThreeTasksAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unitId = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId!.Value).SingleAsync();
        var officeId = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId!.Value).SingleAsync();
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var titles = new[] { "推进产业园区基础设施配套工程", "推进重点项目征地攻坚", "推进城市更新试点片区改造" };
        var created = new List<ReformTask>();
        for (var i = 0; i < titles.Length; i++)
        {
            var task = new ReformTask(area.PlanId, new TaskDefinition(
                $"BT-{i + 1}-{Guid.NewGuid():N}"[..16], titles[i], "浏览器测试任务", "年内完成", "按节点推进", area.Id, officeId, unitId, null,
                new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31), TaskPriority.High, null), []);
            task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 3, 1));
            db.Tasks.Add(task);
            created.Add(task);
        }

        await db.SaveChangesAsync();
        var october = MonthlyReport.StartDraft(created[2].Id, unitId, new YearMonth(2026, 10));
        october.Fill("10月完成方案比选。", 30, null, null, null);
        october.Submit(new DateTime(2026, 11, 3, 2, 0, 0, DateTimeKind.Utc), "reporter");
        october.Accept(new DateTime(2026, 11, 4, 2, 0, 0, DateTimeKind.Utc), "reviewer", created[2]);
        db.Reports.Add(october);
        await db.SaveChangesAsync();
        return created.Select(t => (t.Id, t.Code)).ToList();
    }
}
