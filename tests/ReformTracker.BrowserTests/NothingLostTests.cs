using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReformTracker.BrowserTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class NothingLostTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_draft_saves_itself_and_text_typed_after_the_session_expired_comes_back_after_signing_in_again()
    {
        var taskId = await ArrangeTaskAsync();
        var page = await fixture.SignedInPageAsync("reporter");
        await page.GotoAsync($"/tasks/{taskId}/reports/2026-11");

        // Typing is saved to the server by itself (the test host autosaves every 2 seconds).
        await page.GetByLabel("实现情况").FillAsync("上午写的第一段：完成现场踏勘");
        await Expect(page.GetByTestId("autosave-status")).ToContainTextAsync("已自动保存", new() { Timeout = 15_000 });
        Assert.Equal("上午写的第一段：完成现场踏勘", await StoredAchievementAsync(taskId));

        // The session ends while the form is open; what is typed next cannot reach the server but stays in the browser.
        await page.Context.ClearCookiesAsync();
        await page.GetByLabel("实现情况").FillAsync("上午写的第一段：完成现场踏勘；下午补充：形成整改清单12项");
        await Expect(page.GetByTestId("autosave-status")).ToContainTextAsync("登录已过期", new() { Timeout = 15_000 });
        Assert.Equal("上午写的第一段：完成现场踏勘", await StoredAchievementAsync(taskId));

        // After signing in again the page offers the newer text and saves it.
        await page.GotoAsync("/account/login");
        await page.GetByLabel("用户名").FillAsync("reporter");
        await page.GetByLabel("密码").FillAsync(BrowserFixture.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.GotoAsync($"/tasks/{taskId}/reports/2026-11");
        await Expect(page.GetByTestId("local-draft")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "恢复这些内容" }).ClickAsync();
        await Expect(page.GetByLabel("实现情况")).ToHaveValueAsync("上午写的第一段：完成现场踏勘；下午补充：形成整改清单12项");
        await Expect(page.GetByTestId("autosave-status")).ToContainTextAsync("已自动保存", new() { Timeout = 15_000 });
        Assert.Equal("上午写的第一段：完成现场踏勘；下午补充：形成整改清单12项", await StoredAchievementAsync(taskId));
    }

    private async Task<int> ArrangeTaskAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unitId = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId!.Value).SingleAsync();
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var office = await db.Offices.OrderBy(o => o.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"NL-{Guid.NewGuid():N}"[..16], "推进老旧小区改造", "浏览器测试任务", "年内完成", "按节点推进", area.Id, office.Id, unitId, null,
            new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31), TaskPriority.Normal, null), []);
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    }

    private async Task<string?> StoredAchievementAsync(int taskId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var november = new YearMonth(2026, 11);
        return await db.Reports.Where(r => r.TaskId == taskId && r.Period == november).Select(r => r.Achievement).SingleOrDefaultAsync();
    }
}
