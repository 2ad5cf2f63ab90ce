using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.IntegrationTests;

public sealed class DashboardTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_office_dashboard_counts_exactly_the_offices_tasks_by_light_and_links_each_number_to_them()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync($"/dashboard?office={scene.OfficeId}");

        Assert.Equal("4", Value(page, "tile-total"));
        Assert.Equal("1", Value(page, "tile-completed"));
        Assert.Equal("25%", page.QuerySelector("[data-testid=completion-rate]")!.TextContent.Trim());
        Assert.Equal("1", Value(page, "tile-green"));
        Assert.Equal("1", Value(page, "tile-yellow"));
        Assert.Equal("2", Value(page, "tile-red"));
        Assert.Contains("50%", page.QuerySelector("[data-testid=tile-start-rate]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("400", page.QuerySelector("[data-testid=tile-investment]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/tasks?office={scene.OfficeId}&keyProject=true&started=true", Href(page, "tile-start-rate"));
        Assert.Equal([scene.RedA], await ListedTaskIdsAsync(leader, Href(page, "tile-start-rate")));

        var redLink = Href(page, "tile-red");
        Assert.Equal($"/tasks?office={scene.OfficeId}&light=Red", redLink);
        Assert.Equal([scene.RedA, scene.RedB], await ListedTaskIdsAsync(leader, redLink));
        Assert.Equal([scene.Completed], await ListedTaskIdsAsync(leader, Href(page, "tile-completed")));
        Assert.Equal([scene.RedA, scene.RedB], page.QuerySelectorAll("[data-testid=red-list] tbody tr").Select(r => Id(r.GetAttribute("data-task-id"))).Order().ToList());
        Assert.Contains("任务逾期 23 天", page.QuerySelector("[data-testid=red-list]")!.TextContent, StringComparison.Ordinal);

        // The office chart's red segment and its table link point at the same filtered list.
        var chart = Chart(page, "lights-office");
        var red = chart.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "Red");
        Assert.Equal(2, red.GetProperty("points")[0].GetProperty("value").GetDecimal());
        Assert.Equal(redLink, red.GetProperty("points")[0].GetProperty("url").GetString());
        var tableLink = page.QuerySelector("[data-testid=table-lights-office] a[data-series=Red]")!;
        Assert.Equal("2", tableLink.TextContent.Trim());
        Assert.Equal(redLink, tableLink.GetAttribute("href"));
        var areas = Chart(page, "progress-area");
        Assert.Equal(2, areas.GetProperty("categories").GetArrayLength());
    }

    [Fact]
    public async Task With_caching_on_leaders_see_figures_at_most_a_minute_old_and_each_scope_keeps_its_own()
    {
        var scene = await ArrangeAsync();
        await using var cached = app.WithWebHostBuilder(b => b.UseSetting("Dashboard:CacheSeconds", "30"));
        using var leader = cached.CreateDefaultClient(new SignedInHandler("leader", TestApp.DemoPassword), new CookieContainerHandler());
        using var reporter = cached.CreateDefaultClient(new SignedInHandler("reporter", TestApp.DemoPassword), new CookieContainerHandler());
        var url = $"/dashboard?office={scene.OfficeId}";
        var start = app.Clock.Now;
        try
        {
            var first = await leader.GetPageAsync(url);
            Assert.Equal("2", Value(first, "tile-red"));
            Assert.Contains(start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), first.QuerySelector("[data-testid=computed-at]")!.TextContent, StringComparison.Ordinal);
            await app.WithDbAsync(async db =>
                await db.TaskLights.Where(l => l.TaskId == scene.Yellow).ExecuteUpdateAsync(u => u.SetProperty(l => l.Light, Light.Red)));

            // Within 30 seconds the computed figures are served as they are, to this leader and to any other.
            app.Clock.Now = start.AddSeconds(20);
            Assert.Equal("2", Value(await leader.GetPageAsync(url), "tile-red"));

            // A reporter's scope is not the leader's: the cache never hands one the other's figures.
            var reporterPage = await reporter.GetPageAsync(url);
            Assert.Equal("0", Value(reporterPage, "tile-total"));

            // Past 30 seconds the first request to notice computes afresh; its figures and its time are new.
            app.Clock.Now = start.AddSeconds(35);
            var refreshed = await leader.GetPageAsync(url);
            Assert.Equal("3", Value(refreshed, "tile-red"));
            Assert.Contains(start.AddSeconds(35).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), refreshed.QuerySelector("[data-testid=computed-at]")!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            app.Clock.Now = start;
        }
    }

    [Fact]
    public async Task The_officials_dashboard_counts_only_the_tasks_the_official_answers_for()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync($"/dashboard?official={scene.OfficialId}");

        Assert.Equal("3", Value(page, "tile-total"));
        Assert.Equal("2", Value(page, "tile-red"));
        Assert.Equal("0", Value(page, "tile-yellow"));
        Assert.Equal("33.3%", page.QuerySelector("[data-testid=completion-rate]")!.TextContent.Trim());
        Assert.Equal($"/tasks?official={scene.OfficialId}&light=Red", Href(page, "tile-red"));
        Assert.Equal([scene.RedA, scene.RedB], await ListedTaskIdsAsync(leader, Href(page, "tile-red")));
        Assert.Equal([scene.RedA, scene.RedB, scene.Completed], await ListedTaskIdsAsync(leader, Href(page, "tile-total")));
    }

    [Fact]
    public async Task The_whole_district_dashboard_matches_the_database_and_its_red_number_opens_exactly_the_red_tasks()
    {
        await EvaluateAsync();
        var today = DateOnly.FromDateTime(app.Clock.Now.DateTime);
        var expected = await app.WithDbAsync(async db => new
        {
            Tasks = await db.Tasks.CountAsync(),
            Completed = await db.Tasks.CountAsync(t => t.Status == ReformTaskStatus.Completed),
            Red = await db.Tasks.Where(t => db.TaskLights.Any(l => l.TaskId == t.Id && l.Light == Light.Red)).Select(t => t.Id).ToListAsync(),
            Yellow = await db.Tasks.CountAsync(t => db.TaskLights.Any(l => l.TaskId == t.Id && l.Light == Light.Yellow)),
            Invested = (await (from r in db.Reports
                               join t in db.Tasks on r.TaskId equals t.Id
                               where r.Status == ReportStatus.Accepted && r.InvestmentThisMonth != null
                               select new { r.Period, r.InvestmentThisMonth }).ToListAsync())
                .Where(r => r.Period.Year == today.Year).Sum(r => r.InvestmentThisMonth!.Value),
        });
        using var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync("/dashboard");

        Assert.NotEmpty(expected.Red);
        Assert.InRange(expected.Red.Count, 1, 100);
        Assert.Equal(expected.Tasks.ToString(CultureInfo.InvariantCulture), Value(page, "tile-total"));
        Assert.Equal(expected.Completed.ToString(CultureInfo.InvariantCulture), Value(page, "tile-completed"));
        Assert.Equal(expected.Yellow.ToString(CultureInfo.InvariantCulture), Value(page, "tile-yellow"));
        Assert.Equal(expected.Red.Count.ToString(CultureInfo.InvariantCulture), Value(page, "tile-red"));
        Assert.Equal((expected.Tasks - expected.Red.Count - expected.Yellow).ToString(CultureInfo.InvariantCulture), Value(page, "tile-green"));
        Assert.Equal($"{Math.Round(expected.Completed * 100m / expected.Tasks, 1).ToString("0.#", CultureInfo.InvariantCulture)}%", page.QuerySelector("[data-testid=completion-rate]")!.TextContent.Trim());
        Assert.True(expected.Invested > 0, "The demo district has investment reported this year");
        Assert.Contains(expected.Invested.ToString("#,0.#", CultureInfo.InvariantCulture), page.QuerySelector("[data-testid=tile-investment]")!.TextContent, StringComparison.Ordinal);

        Assert.Equal("/tasks?light=Red", Href(page, "tile-red"));
        Assert.Equal("/tasks?light=Red", page.QuerySelector("[data-testid=red-list-all]")!.GetAttribute("href"));
        Assert.Equal(expected.Red.Order().ToList(), await ListedTaskIdsAsync(leader, "/tasks?light=Red"));

        var trend = Chart(page, "trend");
        Assert.Equal(12, trend.GetProperty("categories").GetArrayLength());
        Assert.Equal("2026-11", trend.GetProperty("categories")[11].GetString());
        var averages = trend.GetProperty("series")[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value")).ToList();
        Assert.Contains(averages, v => v.ValueKind == JsonValueKind.Number && v.GetDecimal() > 0);
        // November's reports are not due yet: the line stops instead of dropping to zero.
        Assert.Equal(JsonValueKind.Null, averages[11].ValueKind);
        Assert.All(page.QuerySelectorAll("[data-testid=table-lights-unit] a[data-series]"), a => Assert.StartsWith("/tasks?unit=", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reporters_dashboard_counts_only_the_tasks_visible_to_the_reporter()
    {
        var expected = await app.WithDbAsync(async db =>
        {
            var unit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId!.Value).SingleAsync();
            return new
            {
                Visible = await db.Tasks.CountAsync(t => t.LeadUnitId == unit || t.Cooperations.Any(c => c.UnitId == unit)),
                All = await db.Tasks.CountAsync(),
            };
        });
        using var reporter = app.CreateClientFor("reporter");

        var page = await reporter.GetPageAsync("/dashboard");

        Assert.InRange(expected.Visible, 1, expected.All - 1);
        Assert.Equal(expected.Visible.ToString(CultureInfo.InvariantCulture), Value(page, "tile-total"));
    }

    [Fact]
    public async Task Leaders_land_on_the_dashboard_and_an_unknown_office_or_official_is_not_found()
    {
        using var leader = app.CreateClientFor("leader");

        using var home = await leader.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/dashboard", home.Headers.Location!.OriginalString);

        await leader.GetPageAsync("/dashboard?office=987654", HttpStatusCode.NotFound);
        await leader.GetPageAsync("/dashboard?official=987654", HttpStatusCode.NotFound);
        var malformed = await leader.GetPageAsync("/dashboard?office=abc");
        Assert.NotNull(malformed.QuerySelector("nav a.nav-link.active[href='/dashboard']"));
    }

    [Fact]
    public async Task The_battle_map_of_an_area_draws_one_bar_per_task_with_milestone_marks_and_the_today_line()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync($"/battle-map?area={scene.FirstAreaId}");

        var rows = page.QuerySelectorAll("[data-testid=bm-row]");
        Assert.Equal([scene.RedA, scene.RedB], rows.Select(r => Id(r.GetAttribute("data-task-id"))).Order().ToList());
        var rowA = rows.Single(r => Id(r.GetAttribute("data-task-id")) == scene.RedA);
        var bar = Assert.Single(rowA.QuerySelectorAll("[data-testid=bm-bar]"));
        Assert.Equal($"/tasks/{scene.RedA}", bar.GetAttribute("href"));
        Assert.Equal("Red", rowA.GetAttribute("data-light"));
        Assert.Equal(["overdue", "reached", "upcoming"], rowA.QuerySelectorAll("[data-testid=bm-milestone]").Select(m => m.GetAttribute("data-state")!).ToList());
        Assert.All(rows, r => Assert.Single(r.QuerySelectorAll("[data-testid=bm-today]")));

        // The plan runs through 2026, so the today line (23 November) sits at day 326 of 365.
        var todayX = double.Parse(rowA.QuerySelector("[data-testid=bm-today]")!.GetAttribute("x1")!.TrimEnd('%'), CultureInfo.InvariantCulture);
        Assert.Equal(326 * 100.0 / 365, todayX, 2);
        Assert.Equal(12, page.QuerySelectorAll("[data-testid=bm-month]").Length);
    }

    [Fact]
    public async Task The_battle_map_filters_by_office_and_light_and_never_shows_a_task_outside_the_users_scope()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");
        using var reporter = app.CreateClientFor("reporter");

        var yellow = await leader.GetPageAsync($"/battle-map?office={scene.OfficeId}&light=Yellow&paper=A4");
        Assert.Equal([scene.Yellow], yellow.QuerySelectorAll("[data-testid=bm-row]").Select(r => Id(r.GetAttribute("data-task-id"))).ToList());
        Assert.NotNull(yellow.QuerySelector("link[media=print][href='/css/battle-map-a4.css']"));

        var foreign = await reporter.GetPageAsync($"/battle-map?office={scene.OfficeId}");
        Assert.Empty(foreign.QuerySelectorAll("[data-testid=bm-row]"));
        Assert.NotNull(foreign.QuerySelector("[data-testid=empty]"));
    }

    private sealed record Scene(int OfficeId, int OfficialId, int FirstAreaId, int RedA, int RedB, int Yellow, int Completed);

    /// <summary>
    /// A new office with four tasks: two red (one a started key project with three milestones: overdue, reached and upcoming), one
    /// yellow key project in preliminary work, one completed without a cached light (green). The new official answers for all but the yellow one.
    /// </summary>
    private Task<Scene> ArrangeAsync() => app.WithDbAsync(async db =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var official = new Official($"测试领导{suffix[..4]}", "副区长");
        db.Officials.Add(official);
        await db.SaveChangesAsync();
        var office = new Office($"驾驶舱测试办-{suffix}", $"驾驶舱办{suffix[..4]}", string.Empty, official.Id);
        var unit = new Unit($"驾驶舱测试局-{suffix}", "驾驶舱局", UnitKind.Department, null);
        var plan = new Plan($"驾驶舱测试清单-{suffix}", 2026, 2026, string.Empty);
        var first = plan.AddArea("领域一");
        var second = plan.AddArea("领域二");
        db.AddRange(office, unit, plan);
        await db.SaveChangesAsync();

        var today = DateOnly.FromDateTime(app.Clock.Now.DateTime);
        ReformTask NewTask(string code, Area area, int? officialId, DateOnly due, KeyProjectFacts? project) =>
            new(plan.Id, new TaskDefinition(
                $"{code}-{suffix}", $"驾驶舱测试任务{code}", string.Empty, string.Empty, string.Empty,
                area.Id, office.Id, unit.Id, officialId, new DateOnly(2026, 1, 1), due, TaskPriority.Normal, project), []);

        var redA = NewTask("A", first, official.Id, new DateOnly(2026, 10, 31), new KeyProjectFacts(500m, 100m, ConstructionState.Started));
        redA.AddMilestone("3月底前完成方案", new DateOnly(2026, 3, 31));
        redA.AddMilestone("6月底前开工", new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 20));
        redA.AddMilestone("12月中旬前完成验收", new DateOnly(2026, 12, 15));
        var redB = NewTask("B", first, official.Id, new DateOnly(2026, 12, 31), null);
        var yellow = NewTask("C", second, null, new DateOnly(2026, 12, 31), new KeyProjectFacts(900m, 300m, ConstructionState.Preliminary));
        var completed = NewTask("D", second, official.Id, new DateOnly(2026, 6, 30), null);
        completed.CompleteByCloseOut(today);
        db.Tasks.AddRange(redA, redB, yellow, completed);
        await db.SaveChangesAsync();

        var now = app.Clock.Now.UtcDateTime;
        db.TaskLights.AddRange(
            new TaskLight { TaskId = redA.Id, Light = Light.Red, Reasons = "任务逾期 23 天", EvaluatedAtUtc = now },
            new TaskLight { TaskId = redB.Id, Light = Light.Red, Reasons = "逾期未报", EvaluatedAtUtc = now },
            new TaskLight { TaskId = yellow.Id, Light = Light.Yellow, Reasons = "进度滞后", EvaluatedAtUtc = now });
        await db.SaveChangesAsync();
        return new Scene(office.Id, official.Id, first.Id, redA.Id, redB.Id, yellow.Id, completed.Id);
    });

    private async Task EvaluateAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync(null, CancellationToken.None);
    }

    /// <summary>The ids the task list shows for a link (all on one page).</summary>
    private static async Task<List<int>> ListedTaskIdsAsync(HttpClient client, string url)
    {
        var page = await client.GetPageAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "size=100");
        return page.QuerySelectorAll("[data-testid=task-table] tbody tr td:first-child a")
            .Select(a => Id(a.GetAttribute("href")!.Replace("/tasks/", string.Empty, StringComparison.Ordinal)))
            .Order().ToList();
    }

    private static string Value(AngleSharp.Html.Dom.IHtmlDocument page, string testId) =>
        page.QuerySelector($"[data-testid={testId}] .dashboard-number")!.TextContent.Trim();

    private static string Href(AngleSharp.Html.Dom.IHtmlDocument page, string testId) =>
        page.QuerySelector($"[data-testid={testId}]")!.GetAttribute("href")!;

    private static JsonElement Chart(AngleSharp.Html.Dom.IHtmlDocument page, string id) =>
        JsonDocument.Parse(page.QuerySelector("#dashboard-data")!.TextContent).RootElement.GetProperty("charts")
            .EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static int Id(string? text) => int.Parse(text!, CultureInfo.InvariantCulture);
}
