using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReformTracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed partial class TaskRegistryWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_user_filters_the_list_opens_a_task_edits_it_and_sees_it_saved()
    {
        var page = await fixture.SignedInPageAsync("admin");

        await page.GotoAsync("/tasks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "任务清单" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("total-count")).ToHaveTextAsync("共 45 项");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "task-list.png"), FullPage = false });

        await page.GetByLabel("专项办").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OfficeFilter());
        var rows = page.GetByTestId("task-table").Locator("tbody tr");
        var filtered = await rows.CountAsync();
        Assert.InRange(filtered, 1, 44);
        await Expect(page.GetByTestId("total-count")).ToHaveTextAsync($"共 {filtered} 项");

        var firstLink = rows.First.Locator("td").Nth(1).Locator("a");
        var title = (await firstLink.InnerTextAsync()).Trim();
        await firstLink.ClickAsync();
        await Expect(page.GetByTestId("task-title")).ToContainTextAsync(title);
        await Expect(page.GetByTestId("milestones")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "task-detail.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "编辑" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "编辑任务" })).ToBeVisibleAsync();
        var newTitle = title + "（已调整）";
        await page.GetByLabel("任务名称").FillAsync(newTitle);
        await page.GetByLabel("完成时限").FillAsync("2026-12-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByTestId("flash")).ToContainTextAsync("任务已保存");
        await Expect(page.GetByTestId("task-title")).ToContainTextAsync(newTitle);
        await Expect(page.GetByTestId("due-date")).ToHaveTextAsync("2026/12/25");
    }

    [Fact]
    public async Task Typing_part_of_a_unit_name_suggests_the_unit_and_filtering_by_it_lists_its_tasks()
    {
        var page = await fixture.SignedInPageAsync("leader");
        await page.GotoAsync("/tasks");

        var field = page.GetByLabel("牵头单位");
        await field.PressSequentiallyAsync("镇");
        var suggestions = page.Locator("#unit-choices option");
        await Expect(suggestions.First).ToHaveAttributeAsync("value", new Regex("镇"));
        var unitName = (await suggestions.First.GetAttributeAsync("value"))!;
        await field.FillAsync(unitName);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("unitName="));
        await Expect(field).ToHaveValueAsync(unitName);
        var rows = page.GetByTestId("task-table").Locator("tbody tr");
        Assert.True(await rows.CountAsync() > 0);
        foreach (var cell in await rows.Locator("td:nth-child(5)").AllInnerTextsAsync())
        {
            Assert.Equal(unitName, cell.Trim());
        }
    }

    [Fact]
    public async Task A_form_with_mistakes_shows_Chinese_messages_beside_the_fields_and_keeps_the_text()
    {
        var page = await fixture.SignedInPageAsync("admin");

        await page.GotoAsync("/tasks/create");
        await page.GetByLabel("任务编号").FillAsync("WEB-001");
        await page.GetByLabel("任务内容").FillAsync("这段内容不能丢失");
        await page.GetByLabel("开始日期").FillAsync("2026-08-01");
        await page.GetByLabel("完成时限").FillAsync("2026-03-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByTestId("error-Title")).ToHaveTextAsync("请填写任务名称");
        await Expect(page.GetByTestId("error-DueDate")).ToHaveTextAsync("完成时限不能早于开始日期");
        await Expect(page.GetByLabel("任务内容")).ToHaveValueAsync("这段内容不能丢失");
        await Expect(page.GetByLabel("任务编号")).ToHaveValueAsync("WEB-001");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "task-form-errors.png"), FullPage = true });
    }

    [Fact]
    public async Task An_unknown_task_shows_the_not_found_page()
    {
        var page = await fixture.SignedInPageAsync("admin");

        var response = await page.GotoAsync("/tasks/987654");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("not-found")).ToContainTextAsync("页面不存在");
    }

    [GeneratedRegex(@"office=\d+")]
    private static partial Regex OfficeFilter();
}
