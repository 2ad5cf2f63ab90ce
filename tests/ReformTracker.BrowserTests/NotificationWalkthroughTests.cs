using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReformTracker.BrowserTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Security;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class NotificationWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_user_sees_the_bell_count_opens_the_list_follows_a_notification_and_the_count_drops()
    {
        // A user of their own, so that the supervision worker running in this host notifies nobody else into the count.
        var userName = $"bell{Guid.NewGuid():N}"[..12];
        var (taskId, taskCode) = await ArrangeAsync(userName);

        var page = await fixture.SignedInPageAsync(userName);
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("2");

        await page.GetByTestId("bell").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/notifications$"));
        await Expect(page.GetByTestId("notification")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=notification][data-read=false]")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("notification").First).ToContainTextAsync($"督查预警：{taskCode}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "notifications.png"), FullPage = true });

        await page.GetByTestId("notification-link").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/tasks/{taskId}$"));
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("1");

        await page.GetByTestId("bell").ClickAsync();
        await Expect(page.Locator("[data-testid=notification][data-read=false]")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "全部标为已读" }).ClickAsync();
        await Expect(page.GetByTestId("flash")).ToContainTextAsync("已将 1 条通知标为已读");
        await Expect(page.GetByTestId("bell-count")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=notification][data-read=false]")).ToHaveCountAsync(0);
    }

    /// <summary>A leader with two notifications, the newer one about a task; returns that task.</summary>
    private async Task<(int TaskId, string Code)> ArrangeAsync(string userName)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var created = await users.CreateAsync(new AppUser { UserName = userName, DisplayName = "区领导（通知）", Role = Roles.Leader }, BrowserFixture.DemoPassword);
        Assert.True(created.Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        var task = await db.Tasks.OrderBy(t => t.Id).Select(t => new { t.Id, t.Code, t.Title }).FirstAsync();
        var now = BrowserFixture.Today.UtcDateTime;
        db.Notifications.Add(new Notification(userId, NotificationKind.ExtensionDecided, "延期申请已批准", "完成时限由 2026-12-31 延至 2027-03-31。", "/extensions", now.AddHours(-3), false));
        await db.SaveChangesAsync();
        db.Notifications.Add(new Notification(userId, NotificationKind.FlagRaised, $"督查预警：{task.Code}", $"{task.Title}：任务已逾期 12 天", $"/tasks/{task.Id}", now.AddHours(-1), false));
        await db.SaveChangesAsync();
        return (task.Id, task.Code);
    }
}
