using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.BrowserTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using static Microsoft.Playwright.Assertions;

namespace ReformTracker.BrowserTests;

[Collection(BrowserGroup.Name)]
public sealed partial class DashboardWalkthroughTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_leader_lands_on_the_dashboard_clicks_a_red_segment_and_sees_only_red_tasks_then_opens_a_bar_of_the_battle_map()
    {
        await WaitForLightsAsync();
        var page = await fixture.SignedInPageAsync("leader");

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(DashboardUrl());
        await Expect(page.Locator("[data-chart='lights-office'][data-rendered='true']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-chart='trend'][data-rendered='true']")).ToBeVisibleAsync();

        // ECharts draws on a canvas: find where the first red segment of the office chart lies and click there, as a leader would.
        var target = await page.EvaluateAsync<SegmentTarget>(
            """
            () => {
              const element = document.querySelector('[data-chart="lights-office"]');
              element.scrollIntoView({ block: 'center', behavior: 'instant' }); // Bootstrap scrolls smoothly otherwise
              const chart = echarts.getInstanceByDom(element);
              const option = chart.getOption();
              const [green, yellow, red] = option.series;
              const index = red.data.findIndex(d => d.value > 0);
              const middle = green.data[index].value + yellow.data[index].value + red.data[index].value / 2;
              const [x, y] = chart.convertToPixel({ gridIndex: 0 }, [middle, option.yAxis[0].data[index]]);
              const box = element.getBoundingClientRect();
              return { x: box.left + x, y: box.top + y, url: red.data[index].url, count: red.data[index].value };
            }
            """);
        Assert.StartsWith("/tasks?office=", target.Url, StringComparison.Ordinal);
        Assert.EndsWith("&light=Red", target.Url, StringComparison.Ordinal);
        // Hover first, as a hand would: the chart highlights the segment, then the click opens its list.
        await page.Mouse.MoveAsync(target.X, target.Y);
        await page.Mouse.ClickAsync(target.X, target.Y);

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(target.Url) + "$"));
        await Expect(page.GetByTestId("total-count")).ToHaveTextAsync($"共 {target.Count} 项");
        var lights = await page.GetByTestId("task-table").GetByTestId("light").AllAsync();
        Assert.Equal(target.Count, lights.Count);
        foreach (var light in lights)
        {
            Assert.Equal("Red", await light.GetAttributeAsync("data-light"));
        }

        // The red number on top does the same for the whole district.
        await page.GotoAsync("/dashboard");
        await Expect(page.Locator("[data-chart='lights-unit'][data-rendered='true']")).ToBeVisibleAsync();
        // A full-page screenshot resizes the window, so it comes after the canvas click, never before it.
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard.png"), FullPage = true });
        var red = int.Parse(await page.GetByTestId("tile-red").Locator(".dashboard-number").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.True(red > 0, "The demo district has red tasks");
        await page.GetByTestId("tile-red").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tasks\\?light=Red$"));
        await Expect(page.GetByTestId("total-count")).ToHaveTextAsync($"共 {red} 项");

        await page.GotoAsync("/battle-map");
        var bars = page.GetByTestId("bm-bar");
        Assert.True(await bars.CountAsync() > 0, "The battle map draws the latest plan's tasks");
        await Expect(page.GetByTestId("bm-today").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "battle-map.png"), FullPage = true });
        var href = await bars.First.GetAttributeAsync("href");
        await bars.First.Locator("rect.bm-bar").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(href!) + "$"));
        await Expect(page.GetByTestId("task-title")).ToBeVisibleAsync();
    }

    /// <summary>The supervision worker judges every task when the app starts; the dashboard's lights come from that run.</summary>
    private async Task WaitForLightsAsync()
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.TaskLights.AnyAsync(l => l.Light == Light.Red))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail("The supervision worker gave no task a red light");
    }

    /// <summary>Where the segment lies on the screen; Playwright fills it from the page's answer.</summary>
    private sealed class SegmentTarget
    {
        public float X { get; set; }

        public float Y { get; set; }

        public string Url { get; set; } = string.Empty;

        public int Count { get; set; }
    }

    [GeneratedRegex("/dashboard$")]
    private static partial Regex DashboardUrl();
}
