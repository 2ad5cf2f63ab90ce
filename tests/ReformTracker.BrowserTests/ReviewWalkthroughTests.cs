using Microsoft.Playwright;
using ReformTracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed class ReviewWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_reviewer_ticks_the_whole_queue_opens_a_report_and_is_told_a_return_needs_a_comment()
    {
        var page = await fixture.SignedInPageAsync("reviewer");

        await page.GotoAsync("/review");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "月报审核" })).ToBeVisibleAsync();
        var boxes = page.GetByTestId("review-queue").Locator("tbody input[name=ids]");
        Assert.True(await boxes.CountAsync() > 0);
        await page.GetByLabel("全选").CheckAsync();
        foreach (var box in await boxes.AllAsync())
        {
            await Expect(box).ToBeCheckedAsync();
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "review-queue.png"), FullPage = true });
        await page.GetByLabel("全选").UncheckAsync();
        await Expect(boxes.First).Not.ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "审核", Exact = true }).First.ClickAsync();
        await Expect(page.GetByTestId("report-status")).ToHaveTextAsync("已提交");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "review-detail.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("comment-error")).ToHaveTextAsync("退回时须填写退回意见");
        await Expect(page.GetByTestId("report-status")).ToHaveTextAsync("已提交");
    }

    [Fact]
    public async Task A_leader_reads_the_submission_matrix_with_its_legend()
    {
        var page = await fixture.SignedInPageAsync("leader");

        await page.GotoAsync("/reports/matrix");

        await Expect(page.GetByTestId("legend")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("matrix").Locator("td[data-period='2026-10'] a").First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("应报"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "submission-matrix.png"), FullPage = true });
    }
}
