using System.Text.RegularExpressions;
using ReformTracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed partial class MeetingTableWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_leader_opens_the_meeting_table_goes_through_it_group_by_group_in_meeting_mode_and_leaves_with_Esc()
    {
        var page = await fixture.SignedInPageAsync("leader");

        await page.GotoAsync("/dashboard");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "晒比会议表" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(MeetingTableUrl());
        await Expect(page.Locator("input[name=month]")).ToHaveValueAsync("2026-10");
        var groups = page.GetByTestId("mt-group");
        var count = await groups.CountAsync();
        Assert.True(count >= 3, "The demo plan has several areas");
        await Expect(page.GetByTestId("mt-missing").First).ToBeVisibleAsync();

        await page.GetByTestId("mt-meeting-mode").ClickAsync();
        await Expect(page.Locator("body.meeting-mode")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("mt-position")).ToHaveTextAsync($"第 1 / {count} 组");
        await Expect(groups.Nth(0)).ToBeVisibleAsync();
        await Expect(groups.Nth(1)).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByTestId("mt-position")).ToHaveTextAsync($"第 2 / {count} 组");
        await Expect(groups.Nth(0)).ToBeHiddenAsync();
        await Expect(groups.Nth(1)).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.GetByTestId("mt-position")).ToHaveTextAsync($"第 {count} / {count} 组");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.GetByTestId("mt-position")).ToHaveTextAsync($"第 {count - 1} / {count} 组");
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("PageDown");
        await page.Keyboard.PressAsync("PageDown");
        await page.Keyboard.PressAsync("PageDown");
        await Expect(page.GetByTestId("mt-position")).Not.ToHaveTextAsync($"第 1 / {count} 组");
        await page.Keyboard.PressAsync("Home");
        await Expect(page.GetByTestId("mt-position")).ToHaveTextAsync($"第 1 / {count} 组");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "meeting-table.png") });

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("body.meeting-mode")).ToHaveCountAsync(0);
        await Expect(groups.Nth(1)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("mt-meeting-mode")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task A_supervisor_drafts_the_quarterly_bulletin_from_the_list()
    {
        var page = await fixture.SignedInPageAsync("supervisor");

        await page.GotoAsync("/bulletins");
        await Expect(page.Locator("#quarter")).ToHaveValueAsync("2026-Q3");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "生成通报草稿" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(DraftUrl());
        await Expect(page.GetByTestId("draft-banner")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("bulletin")).ToHaveAttributeAsync("data-draft", "true");
        await Expect(page.GetByTestId("bulletin-title")).ToContainTextAsync("2026年第3季度");
        // The demo publishes September's 晒比榜, so the third quarter's bulletin carries it, one table per peer group.
        await Expect(page.GetByTestId("bulletin-ranking-month")).ToContainTextAsync("2026-09");
        await Expect(page.GetByTestId("bulletin-ranking")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("bulletin-ranking-none")).ToHaveCountAsync(0);
        Assert.True(await page.GetByTestId("bulletin-task").CountAsync() > 10);
        await Expect(page.GetByTestId("publish-form")).ToBeVisibleAsync();
        // The first A4 page as a reader meets it: masthead, issue line, title, headline figures and the first tasks.
        await page.SetViewportSizeAsync(1100, 1500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "bulletin.png") });
    }

    [GeneratedRegex(@"/meeting-table$")]
    private static partial Regex MeetingTableUrl();

    [GeneratedRegex(@"/bulletins/draft\?plan=\d+&quarter=2026-Q3$")]
    private static partial Regex DraftUrl();
}
