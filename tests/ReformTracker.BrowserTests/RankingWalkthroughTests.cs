using System.Text.RegularExpressions;
using ReformTracker.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed partial class RankingWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_leader_opens_the_published_leaderboard_from_the_dashboard_and_reads_how_a_units_score_was_reached()
    {
        var page = await fixture.SignedInPageAsync("leader");

        await page.GotoAsync("/dashboard");
        await page.GetByTestId("ranking-link").ClickAsync();

        // The demo published September and October; the leaderboard opens on the latest published month.
        await Expect(page).ToHaveURLAsync(new Regex("/ranking$"));
        await Expect(page.GetByTestId("ranking-month")).ToHaveTextAsync("2026年10月");
        await Expect(page.GetByTestId("ranking-status")).ToContainTextAsync("已发布");
        var departments = page.Locator("section[data-group=Department]");
        await Expect(departments.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("section[data-group=Town]")).ToBeVisibleAsync();
        var first = departments.Locator("tbody tr[data-unit-id]").First;
        await Expect(first.GetByTestId("rank")).ToHaveTextAsync("1");
        await Expect(first.GetByTestId("score")).ToHaveTextAsync(ScoreFormat());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "ranking.png"), FullPage = true });

        // The last department lost points: its drill-down lists what cost them, with links.
        var last = departments.Locator("tbody tr[data-unit-id]").Last;
        var unitName = (await last.GetByTestId("unit-link").TextContentAsync())!.Trim();
        await last.GetByTestId("unit-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/ranking/units/\d+\?plan=\d+&month=2026-10$"));
        await Expect(page.Locator("h1")).ToContainTextAsync(unitName);
        await Expect(page.GetByTestId("explanation")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("explanation").First).ToContainTextAsync("× 权重 25%");
        await Expect(page.GetByTestId("detail-link").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "ranking-unit.png"), FullPage = true });

        // The current month is a live preview, clearly marked.
        await page.GotoAsync("/ranking?month=2026-11");
        await Expect(page.GetByTestId("ranking-status")).ToContainTextAsync("预览（未发布）");
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{2}$")]
    private static partial Regex ScoreFormat();
}
