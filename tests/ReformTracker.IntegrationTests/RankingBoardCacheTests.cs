using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Ranking;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.IntegrationTests;

/// <summary>
/// The 晒比榜's board counting (counted tasks only, no names, two months from one read) against the named counting, the board cache's 30 s / 60 s rule on the
/// test clock, its invalidation on publishing, and the time-ranking line. Each test works on a plan of its own.
/// </summary>
public sealed class RankingBoardCacheTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_board_counting_of_one_or_two_months_gives_every_unit_the_same_facts_as_the_named_counting()
    {
        var plan = await ArrangeVariedPlanAsync();
        var original = app.Clock.Now;
        try
        {
            foreach (var today in new[] { TestClock.Default, new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(8)) })
            {
                app.Clock.Now = today;
                foreach (var period in new[] { new YearMonth(2026, 6), new YearMonth(2026, 8), new YearMonth(2026, 9), new YearMonth(2026, 10), new YearMonth(2026, 11) })
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var facts = scope.ServiceProvider.GetRequiredService<RankingFacts.Handler>();

                    var named = (await facts.HandleAsync(plan, period, CancellationToken.None)).Select(c => c.Facts).OrderBy(f => f.UnitId).ToList();
                    var board = (await facts.CountAsync(plan, period, CancellationToken.None)).OrderBy(f => f.UnitId).ToList();
                    var (next, withNext) = await facts.CountWithPreviousAsync(plan, period.Next, CancellationToken.None);
                    var namedNext = (await facts.HandleAsync(plan, period.Next, CancellationToken.None)).Select(c => c.Facts).OrderBy(f => f.UnitId).ToList();

                    Assert.NotEmpty(named);
                    Assert.Equal(named, board);
                    Assert.Equal(named, withNext.OrderBy(f => f.UnitId).ToList());
                    Assert.Equal(namedNext, next.OrderBy(f => f.UnitId).ToList());
                }
            }
        }
        finally
        {
            app.Clock.Now = original;
        }
    }

    [Fact]
    public async Task A_board_is_fresh_for_30_seconds_then_served_stale_while_one_refresh_runs_and_never_older_than_60_seconds()
    {
        var plan = await ArrangeVariedPlanAsync();
        var cache = app.Services.GetRequiredService<RankingBoardCache>();
        var october = new YearMonth(2026, 10);
        var start = app.Clock.Now;
        try
        {
            var first = (await cache.GetAsync(plan, october, CancellationToken.None))!;
            Assert.Equal(start.UtcDateTime, first.ComputedAtUtc);
            await RenameAUnitAsync(plan, "（更名一）");

            app.Clock.Now = start.AddSeconds(29);
            Assert.Same(first, await cache.GetAsync(plan, october, CancellationToken.None));

            // Stale: still served at once, while one refresh computes the next board in the background.
            app.Clock.Now = start.AddSeconds(45);
            Assert.Same(first, await cache.GetAsync(plan, october, CancellationToken.None));
            var refreshed = await NextBoardAsync(cache, plan, october, first);
            Assert.Equal(start.AddSeconds(45).UtcDateTime, refreshed.ComputedAtUtc);
            Assert.Contains(refreshed.Rows, r => r.UnitName.EndsWith("（更名一）", StringComparison.Ordinal));
            Assert.DoesNotContain(first.Rows, r => r.UnitName.EndsWith("（更名一）", StringComparison.Ordinal));

            // Past 60 seconds the request does not get the old board: it waits for a new one.
            await RenameAUnitAsync(plan, "（更名二）");
            app.Clock.Now = start.AddSeconds(45 + 61);
            var recomputed = (await cache.GetAsync(plan, october, CancellationToken.None))!;
            Assert.Equal(app.Clock.Now.UtcDateTime, recomputed.ComputedAtUtc);
            Assert.Contains(recomputed.Rows, r => r.UnitName.EndsWith("（更名二）", StringComparison.Ordinal));
        }
        finally
        {
            app.Clock.Now = start;
        }
    }

    [Fact]
    public async Task Publishing_shows_the_published_board_at_once_and_the_page_says_when_a_preview_was_computed()
    {
        var plan = await ArrangeVariedPlanAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        var url = $"/ranking?plan={plan}&month=2026-10";

        var preview = await supervisor.GetPageAsync(url);
        Assert.Contains("预览（未发布）", preview.QuerySelector("[data-testid=ranking-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("数据更新于 10:00:00", preview.QuerySelector("[data-testid=computed-at]")!.TextContent, StringComparison.Ordinal);

        var response = await supervisor.SubmitFormAsync(url, new Dictionary<string, string?>(), "form[data-testid=publish-form]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var published = await supervisor.GetPageAsync(url);
        Assert.Contains("已发布", published.QuerySelector("[data-testid=ranking-status]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(published.QuerySelector("a[href^='/ranking/rows/']"));
    }

    [Fact]
    public async Task A_reader_sees_the_shared_board_but_only_the_items_of_their_own_scope_in_a_drill_down()
    {
        var plan = await ArrangeVariedPlanAsync();
        var unit = await app.WithDbAsync(db => db.Tasks.Where(t => t.PlanId == plan).GroupBy(t => t.LeadUnitId)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync());
        var url = $"/ranking/units/{unit}?plan={plan}&month=2026-10";
        using var leader = app.CreateClientFor("leader");
        using var reporter = app.CreateClientFor("reporter");

        var leaders = await leader.GetPageAsync(url);
        var reporters = await reporter.GetPageAsync(url);

        Assert.NotEmpty(leaders.QuerySelectorAll("a[data-testid=detail-link]"));
        Assert.Empty(reporters.QuerySelectorAll("a[data-testid=detail-link]"));
        Assert.Equal(
            leaders.QuerySelector("[data-testid=summary] [data-testid=score]")!.TextContent,
            reporters.QuerySelector("[data-testid=summary] [data-testid=score]")!.TextContent);
    }

    [Fact]
    public async Task Time_ranking_prints_one_line_for_the_benchmark_script()
    {
        await ArrangeVariedPlanAsync();
        using var output = new StringWriter();

        var exitCode = await RankingTimingCommand.RunAsync(app.Services, output);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RankingTimingCommand.TimedRuns, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^ranking-computation run=\d+ ms=\d+ plan=\d+ period=\d{4}-\d{2} units=[1-9]\d*\r?$", line));
    }

    private static async Task<RankingBoard.Board> NextBoardAsync(RankingBoardCache cache, int plan, YearMonth period, RankingBoard.Board stale)
    {
        // The refresh runs in the background; wait for it (bounded) rather than for a time.
        for (var i = 0; i < 600; i++)
        {
            var board = (await cache.GetAsync(plan, period, CancellationToken.None))!;
            if (!ReferenceEquals(board, stale))
            {
                return board;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The background refresh did not replace the stale board.");
    }

    private Task<int> RenameAUnitAsync(int plan, string suffix) => app.WithDbAsync(async db =>
    {
        var unitId = await db.Tasks.Where(t => t.PlanId == plan).Select(t => t.LeadUnitId).FirstAsync();
        var unit = await db.Units.SingleAsync(u => u.Id == unitId);
        unit.Update(unit.Name + suffix, unit.ShortName, unit.Kind, unit.ParentId, unit.SortOrder);
        return await db.SaveChangesAsync();
    });

    /// <summary>
    /// A plan of 5 units and 60 tasks with everything the counting distinguishes: 0–3 milestones done early, late, before the
    /// month or not at all; suspended and completed tasks; approved extensions with and without waiver; reports accepted,
    /// submitted, late, drafts and missing, over several months (so some tasks were reported after an earlier month).
    /// </summary>
    private Task<int> ArrangeVariedPlanAsync() => app.WithDbAsync(async db =>
    {
        var random = new Random(20261202);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var official = new Official($"缓存领导{suffix[..4]}", "副区长");
        db.Officials.Add(official);
        await db.SaveChangesAsync();
        var office = new Office($"缓存测试办-{suffix}", $"缓存办{suffix[..4]}", string.Empty, official.Id);
        var units = Enumerable.Range(1, 5).Select(i => new Unit($"缓存单位{i}-{suffix}", $"缓存{i}{suffix[..4]}", i <= 3 ? UnitKind.Department : UnitKind.Town, null)).ToList();
        var plan = new Plan($"缓存测试清单-{suffix}", 2026, 2026, string.Empty);
        var area = plan.AddArea("领域一");
        db.Add(office);
        db.AddRange(units);
        db.Add(plan);
        await db.SaveChangesAsync();

        DateOnly Day(int month, int day) => new(2026, month, Math.Min(day, DateTime.DaysInMonth(2026, month)));
        var tasks = new List<ReformTask>();
        for (var i = 0; i < 60; i++)
        {
            var start = Day(1 + random.Next(9), 1 + random.Next(28));
            var due = start.AddDays(60 + random.Next(300));
            var task = new ReformTask(plan.Id, new TaskDefinition($"C{i:D2}-{suffix}", $"缓存测试任务{i}", string.Empty, string.Empty, string.Empty,
                area.Id, office.Id, units[i % units.Count].Id, null, start, due, TaskPriority.Normal, null), []);
            var milestones = random.Next(4);
            for (var m = 0; m < milestones; m++)
            {
                var planned = start.AddDays((due.DayNumber - start.DayNumber) * (m + 1) / (milestones + 1));
                var done = random.Next(3) switch { 0 => (DateOnly?)null, 1 => planned.AddDays(-random.Next(20)), _ => planned.AddDays(random.Next(40)) };
                task.AddMilestone($"节点{m + 1}", planned, done);
            }

            tasks.Add(task);
        }

        db.Tasks.AddRange(tasks);
        await db.SaveChangesAsync();

        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            if (i % 7 == 3)
            {
                var extension = new ExtensionRequest(task, "t", "客观原因", task.DueDate.AddDays(30 + random.Next(60)), task.StartDate, false);
                db.ExtensionRequests.Add(extension);
                extension.Approve(task, new DateTime(2026, 6, 1, 2, 0, 0, DateTimeKind.Utc), "reviewer", waiveForScoring: i % 2 == 0, "同意");
            }
        }

        await db.SaveChangesAsync();

        var percent = tasks.ToDictionary(t => t.Id, _ => 0);
        for (var month = 6; month <= 11; month++)
        {
            var period = new YearMonth(2026, month);
            foreach (var task in tasks.Where(t => t.StartDate <= period.LastDay && random.Next(5) > 0))
            {
                var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, period);
                percent[task.Id] = Math.Min(100, percent[task.Id] + random.Next(25));
                report.Fill("本月推进情况", percent[task.Id], null, null, null);
                var kind = random.Next(6);
                if (kind > 0)
                {
                    // Submitted from the 1st to the 9th of the next month (the cut-off is the 5th), at various hours.
                    var submitted = new DateTime(2026, month + 1, 1 + random.Next(9), random.Next(24), 0, 0, DateTimeKind.Utc);
                    report.Submit(submitted, "t");
                    if (kind > 1)
                    {
                        report.Accept(submitted.AddHours(1), "reviewer", task);
                    }
                }

                db.Reports.Add(report);
            }
        }

        await db.SaveChangesAsync();

        for (var i = 0; i < tasks.Count; i++)
        {
            if (i % 9 == 4)
            {
                tasks[i].ChangeStatus(ReformTaskStatus.Suspended, new DateOnly(2026, 9, 1));
            }
            else if (i % 5 == 1 && !tasks[i].IsClosed)
            {
                tasks[i].CompleteByCloseOut(Day(6 + random.Next(6), 1 + random.Next(28)));
            }
        }

        await db.SaveChangesAsync();
        return plan.Id;
    });
}
