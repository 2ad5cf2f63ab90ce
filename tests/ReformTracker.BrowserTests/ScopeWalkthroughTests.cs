using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReformTracker.BrowserTests.Support;
using ReformTracker.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class ScopeWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_town_reporter_sees_only_the_towns_tasks_meets_a_404_elsewhere_and_signs_out()
    {
        var (involved, foreign) = await TownScopeAsync();

        var login = await fixture.NewPageAsync();
        var loginResponse = await login.GotoAsync("/account/login");
        Assert.False((await loginResponse!.AllHeadersAsync()).ContainsKey("server"), "Kestrel names itself in a Server header");
        await Expect(login.GetByTestId("login-form")).ToBeVisibleAsync();
        await login.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "login.png") });
        await login.Context.CloseAsync();

        var page = await fixture.SignedInPageAsync("town");
        await page.GotoAsync("/tasks");
        await Expect(page.GetByTestId("total-count")).ToHaveTextAsync($"共 {involved.Count} 项");
        var links = await page.GetByTestId("task-table").Locator("tbody tr td:first-child a").AllAsync();
        Assert.Equal(Math.Min(involved.Count, 20), links.Count);
        foreach (var link in links)
        {
            var href = await link.GetAttributeAsync("href");
            Assert.True(
                int.TryParse(href!.Replace("/tasks/", string.Empty, StringComparison.Ordinal), out var id) && involved.Contains(id),
                $"The town's list shows {href}, a task that neither the town leads nor cooperates on");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "town-task-list.png"), FullPage = true });

        var response = await page.GotoAsync($"/tasks/{foreign}");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("not-found")).ToContainTextAsync("页面不存在");

        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
        await Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();

        var afterSignOut = await page.GotoAsync("/tasks");
        Assert.Contains("/account/login", afterSignOut!.Url, StringComparison.Ordinal);
    }

    /// <summary>The ids of the tasks the demo town leads or cooperates on, and one task that does not involve it at all.</summary>
    private async Task<(HashSet<int> Involved, int Foreign)> TownScopeAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unit = await db.Users.Where(u => u.UserName == "town").Select(u => u.UnitId).SingleAsync()
            ?? throw new InvalidOperationException("The demo town account has no unit");
        var involved = await db.Tasks.Where(t => t.LeadUnitId == unit || t.Cooperations.Any(c => c.UnitId == unit)).Select(t => t.Id).ToListAsync();
        var foreign = await db.Tasks.Where(t => t.LeadUnitId != unit && t.Cooperations.All(c => c.UnitId != unit)).Select(t => t.Id).FirstAsync();
        Assert.NotEmpty(involved);
        return ([.. involved], foreign);
    }
}
