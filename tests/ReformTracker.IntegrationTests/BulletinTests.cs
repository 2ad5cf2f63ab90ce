using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ReformTracker.IntegrationTests.Security;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Ranking;

namespace ReformTracker.IntegrationTests;

public sealed class BulletinTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Q3 = "2026-Q3";

    [Fact]
    public async Task The_draft_shows_the_quarters_latest_published_ranking_per_peer_group()
    {
        // The demo publishes September and October; the third quarter's bulletin carries September's frozen board.
        var september = new YearMonth(2026, 9);
        var planId = await app.WithDbAsync(db => db.RankingPublications.Where(p => p.Period == september).Select(p => p.PlanId).FirstAsync());
        RankingBoard.Board board;
        using (var scope = app.Services.CreateScope())
        {
            board = (await scope.ServiceProvider.GetRequiredService<RankingBoard.Handler>().ForMonthAsync(planId, september, CancellationToken.None))!;
        }

        using var supervisor = app.CreateClientFor("supervisor");
        var page = await supervisor.GetPageAsync($"/bulletins/draft?plan={planId}&quarter={Q3}");

        Assert.Null(page.QuerySelector("[data-testid=bulletin-ranking-none]"));
        Assert.Contains("2026-09", page.QuerySelector("[data-testid=bulletin-ranking-month]")!.TextContent, StringComparison.Ordinal);
        var tables = page.QuerySelectorAll("[data-testid=bulletin-ranking]");
        Assert.Equal(board.Groups.Count(), tables.Length);
        var expected = board.Groups.SelectMany(g => g.OrderBy(r => r.EffectiveRank).ThenBy(r => r.UnitName, StringComparer.Ordinal))
            .Select(r => $"{r.EffectiveRank}|{r.UnitName}|{(r.Amended?.Score ?? r.Score).ToString("0.00", CultureInfo.InvariantCulture)}")
            .ToList();
        var shown = tables.SelectMany(t => t.QuerySelectorAll("tbody tr"))
            .Select(tr => string.Join('|', tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim())))
            .ToList();
        Assert.Equal(expected, shown);
        Assert.True(shown.Count > 0);
    }

    [Fact]
    public async Task The_draft_shows_the_quarters_figures_progress_red_items_notices_and_no_invented_ranking()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");

        var page = await supervisor.GetPageAsync($"/bulletins/draft?plan={scene.PlanId}&quarter={Q3}");

        Assert.Equal("true", page.QuerySelector("[data-testid=bulletin]")!.GetAttribute("data-draft"));
        Assert.NotNull(page.QuerySelector("[data-testid=draft-banner]"));
        Assert.Contains("草稿", page.QuerySelector("[data-testid=bulletin-number]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(scene.PlanName, page.QuerySelector("[data-testid=bulletin-title]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026年第3季度", page.QuerySelector("[data-testid=bulletin-title]")!.TextContent, StringComparison.Ordinal);

        Assert.Equal("4", Figure(page, "bf-total"));
        Assert.Equal("1", Figure(page, "bf-completed"));
        Assert.Equal("25%", Figure(page, "bf-completion-rate"));
        Assert.Equal("2", Figure(page, "bf-green"));
        Assert.Equal("1", Figure(page, "bf-yellow"));
        Assert.Equal("1", Figure(page, "bf-red"));
        Assert.Equal("50%", Figure(page, "bf-start-rate"));
        Assert.Equal("10%", Figure(page, "bf-investment-rate"));

        // Each task's progress is its latest accepted report of the quarter, else the one still under review, else 未报送.
        var red = Task(page, scene.Red);
        Assert.Equal("Accepted", red.GetAttribute("data-state"));
        Assert.Contains("八月完成主体结构", red.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("九月待审", red.TextContent, StringComparison.Ordinal);
        Assert.Equal("Submitted", Task(page, scene.Yellow).GetAttribute("data-state"));
        Assert.Contains("本季度未报送", Task(page, scene.Unreported).TextContent, StringComparison.Ordinal);

        Assert.Equal([scene.Red], page.QuerySelectorAll("[data-testid=bulletin-red-row]").Select(r => Id(r.GetAttribute("data-task-id"))).ToList());
        Assert.Contains("本季度下发督办通知 3 件，办结 1 件；截至季末逾期未办结 1 件。", page.QuerySelector("[data-testid=bulletin-notices]")!.TextContent, StringComparison.Ordinal);
        var criticisms = page.QuerySelectorAll("[data-testid=bulletin-criticism]");
        Assert.Equal(2, criticisms.Length);
        Assert.Equal(["false", "true"], criticisms.Select(c => c.GetAttribute("data-listed")!).Order(StringComparer.Ordinal).ToList());
        Assert.Contains(criticisms, c => c.TextContent.Contains(scene.CriticismNumber, StringComparison.Ordinal));
        Assert.Contains(criticisms, c => c.TextContent.Contains("升级督办后仍逾期未办结", StringComparison.Ordinal));

        Assert.Equal("本季度尚未发布晒比榜", page.QuerySelector("[data-testid=bulletin-ranking-none]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=bulletin-ranking]"));
    }

    [Fact]
    public async Task A_published_bulletin_keeps_its_snapshot_byte_for_byte_after_the_data_changes_and_cannot_be_published_twice()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        var expectedSequence = await app.WithDbAsync(async db => (await db.Bulletins.Where(b => b.Year == 2026).MaxAsync(b => (int?)b.Sequence) ?? 0) + 1);

        using var published = await supervisor.SubmitFormAsync(
            $"/bulletins/draft?plan={scene.PlanId}&quarter={Q3}",
            new Dictionary<string, string?> { ["IssuingOffice"] = "高明区全面深化改革领导小组办公室" },
            "form[data-testid=publish-form]");

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var url = published.Headers.Location!.OriginalString;
        var id = Id(url.Split('/').Last());
        var stored = await app.WithDbAsync(db => db.Bulletins.AsNoTracking().SingleAsync(b => b.Id == id));
        Assert.Equal(scene.PlanId, stored.PlanId);
        Assert.Equal(20263, stored.QuarterKey);
        Assert.Equal(expectedSequence, stored.Sequence);
        Assert.Equal("supervisor", stored.PublishedBy);
        Assert.Equal(new DateOnly(2026, 11, 23), stored.IssuedOn);
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.AnyAsync(a => a.EntityType == "Bulletin" && a.EntityId == id.ToString(CultureInfo.InvariantCulture))), "The publication is audited");

        var first = await supervisor.GetPageAsync(url);
        Assert.Equal($"2026年第{expectedSequence}期", first.QuerySelector("[data-testid=bulletin-number]")!.TextContent.Trim());
        Assert.Equal("高明区全面深化改革领导小组办公室", first.QuerySelector("[data-testid=bulletin-issuer]")!.TextContent.Trim());
        Assert.Equal("false", first.QuerySelector("[data-testid=bulletin]")!.GetAttribute("data-draft"));
        Assert.Null(first.QuerySelector("[data-testid=draft-banner]"));
        var before = await GetBytesAsync(supervisor, url);
        var exportBefore = Workbooks.Read(await GetBytesAsync(supervisor, $"{url}/export"));

        // Everything the bulletin showed changes: titles, lights, reports, notices.
        await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Include(t => t.Cooperations).SingleAsync(t => t.Id == scene.Red);
            task.CompleteByCloseOut(new DateOnly(2026, 11, 23));
            var light = await db.TaskLights.SingleAsync(l => l.TaskId == scene.Red);
            light.Light = Light.Green;
            var yellowReport = await db.Reports.SingleAsync(r => r.TaskId == scene.Yellow && r.Period == new YearMonth(2026, 9));
            var yellow = await db.Tasks.SingleAsync(t => t.Id == scene.Yellow);
            yellowReport.Accept(app.Clock.Now.UtcDateTime, "测试", yellow);
            db.Reports.Add(Report(scene.Unreported, scene.UnitId, new YearMonth(2026, 9), "后补的九月月报", 40, accept: null));
            await db.SaveChangesAsync();
            return 0;
        });

        var after = await GetBytesAsync(supervisor, url);
        Assert.Equal(before, after);
        Assert.Equal(stored.Snapshot, await app.WithDbAsync(db => db.Bulletins.Where(b => b.Id == id).Select(b => b.Snapshot).SingleAsync()));
        var exportAfter = Workbooks.Read(await GetBytesAsync(supervisor, $"{url}/export"));
        Assert.Equal(exportBefore.Select(r => string.Join("|", r.Values)), exportAfter.Select(r => string.Join("|", r.Values)));
        // The draft, by contrast, is live.
        var draft = await supervisor.GetPageAsync($"/bulletins/draft?plan={scene.PlanId}&quarter={Q3}");
        Assert.Equal("0", Figure(draft, "bf-red"));
        Assert.Contains($"2026年第{expectedSequence}期", draft.QuerySelector("[data-testid=already-published]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(draft.QuerySelector("[data-testid=publish-form]"));

        // A second publication of the same plan and quarter is refused with the number already given.
        var token = await Attacker.TokenFromAsync(supervisor, "/account/password");
        using var again = await supervisor.PostAsync("/bulletins/publish", [new("__RequestVerificationToken", token), new("Plan", scene.PlanId.ToString(CultureInfo.InvariantCulture)), new("Quarter", Q3), new("IssuingOffice", "区改革办")]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var refused = await again.ReadPageAsync();
        Assert.Contains("不能重复发布", refused.QuerySelector("[data-testid=error-Quarter]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"2026年第{expectedSequence}期", refused.QuerySelector("[data-testid=error-Quarter]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Bulletins.CountAsync(b => b.PlanId == scene.PlanId)));

        // It is listed, and every unit reads it.
        var list = await supervisor.GetPageAsync("/bulletins");
        Assert.NotNull(list.QuerySelector($"[data-testid=bulletin-row][data-bulletin-id='{id}']"));
        using var reporter = app.CreateClientFor("reporter");
        Assert.Equal(before, await GetBytesAsync(reporter, url));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_next_to_the_field_and_nothing_is_published()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");

        using var noOffice = await supervisor.SubmitFormAsync(
            $"/bulletins/draft?plan={scene.PlanId}&quarter={Q3}", new Dictionary<string, string?> { ["IssuingOffice"] = "  " }, "form[data-testid=publish-form]");
        Assert.Equal(HttpStatusCode.OK, noOffice.StatusCode);
        Assert.Equal("请填写发文单位", (await noOffice.ReadPageAsync()).QuerySelector("[data-testid=error-IssuingOffice]")!.TextContent.Trim());

        using var tooLong = await supervisor.SubmitFormAsync(
            $"/bulletins/draft?plan={scene.PlanId}&quarter={Q3}", new Dictionary<string, string?> { ["IssuingOffice"] = new string('办', 101) }, "form[data-testid=publish-form]");
        Assert.Contains("不能超过 100 个字", (await tooLong.ReadPageAsync()).QuerySelector("[data-testid=error-IssuingOffice]")!.TextContent, StringComparison.Ordinal);

        using var future = await supervisor.SubmitFormAsync(
            $"/bulletins/draft?plan={scene.PlanId}&quarter=2027-Q1", new Dictionary<string, string?>(), "form[data-testid=publish-form]");
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        Assert.Contains("尚未开始", (await future.ReadPageAsync()).QuerySelector("[data-testid=error-Quarter]")!.TextContent, StringComparison.Ordinal);

        var token = await Attacker.TokenFromAsync(supervisor, "/account/password");
        using var badQuarter = await supervisor.PostAsync("/bulletins/publish", [new("__RequestVerificationToken", token), new("Plan", scene.PlanId.ToString(CultureInfo.InvariantCulture)), new("Quarter", "2026-Q9"), new("IssuingOffice", "区改革办")]);
        Assert.Equal(HttpStatusCode.NotFound, badQuarter.StatusCode);
        using var noPlan = await supervisor.PostAsync("/bulletins/publish", [new("__RequestVerificationToken", token), new("Plan", "987654"), new("Quarter", Q3), new("IssuingOffice", "区改革办")]);
        Assert.Equal(HttpStatusCode.NotFound, noPlan.StatusCode);

        Assert.Equal(0, await app.WithDbAsync(db => db.Bulletins.CountAsync(b => b.PlanId == scene.PlanId)));
        await supervisor.GetPageAsync($"/bulletins/draft?plan=987654&quarter={Q3}", HttpStatusCode.NotFound);
        await supervisor.GetPageAsync($"/bulletins/draft?plan={scene.PlanId}&quarter=2026-Q5", HttpStatusCode.NotFound);
        await supervisor.GetPageAsync("/bulletins/draft?plan=abc", HttpStatusCode.NotFound);
        await supervisor.GetPageAsync("/bulletins/987654", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("reviewer")]
    [InlineData("reporter")]
    [InlineData("admin")]
    public async Task Only_supervisors_draft_and_publish(string account)
    {
        var scene = await ArrangeAsync();
        using var client = app.CreateClientFor(account);

        using var draft = await client.GetAsync(new Uri($"/bulletins/draft?plan={scene.PlanId}&quarter={Q3}", UriKind.Relative));
        using var export = await client.GetAsync(new Uri($"/bulletins/draft/export?plan={scene.PlanId}&quarter={Q3}", UriKind.Relative));
        var token = await Attacker.TokenFromAsync(client, "/account/password");
        using var publish = await client.PostAsync("/bulletins/publish", [new("__RequestVerificationToken", token), new("Plan", scene.PlanId.ToString(CultureInfo.InvariantCulture)), new("Quarter", Q3), new("IssuingOffice", "区改革办")]);

        Assert.Equal(HttpStatusCode.Forbidden, draft.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Bulletins.CountAsync(b => b.PlanId == scene.PlanId)));
        Assert.Null((await client.GetPageAsync("/bulletins")).QuerySelector("[data-testid=draft-picker]"));

        using var auditor = app.CreateClientFor("auditor");
        using var list = await auditor.GetAsync(new Uri("/bulletins", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }

    [Fact]
    public async Task The_draft_workbook_has_one_sheet_per_section_with_the_same_figures()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");

        var xlsx = await GetBytesAsync(supervisor, $"/bulletins/draft/export?plan={scene.PlanId}&quarter={Q3}");

        using var stream = new MemoryStream(xlsx);
        Assert.Equal(["概况", "任务进展", "红灯事项", "逾期督办通知", "通报事项", "晒比排名"], stream.GetSheetNames());
        var overview = Workbooks.Read(xlsx).ToDictionary(r => (string)r["项目"]!, r => r["内容"]);
        Assert.Equal("草稿（未发布）", overview["期号"]);
        Assert.Equal(4d, Convert.ToDouble(overview["任务总数"], CultureInfo.InvariantCulture));
        Assert.Equal("25%", overview["完成率"]);
        stream.Position = 0;
        var tasks = stream.Query(useHeaderRow: true, sheetName: "任务进展").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(4, tasks.Count);
        Assert.Equal("'=1+1 看似公式的进展", tasks.Single(t => (string?)t["任务编号"] == scene.FormulaCode)["实现情况"]);
        stream.Position = 0;
        var ranking = stream.Query(useHeaderRow: true, sheetName: "晒比排名").Cast<IDictionary<string, object?>>().Single();
        Assert.Equal("本季度尚未发布晒比榜", ranking["说明"]);
    }

    private sealed record Scene(int PlanId, string PlanName, int UnitId, int Red, int Yellow, int Unreported, string FormulaCode, string CriticismNumber);

    /// <summary>
    /// A 2026 plan of four tasks: one completed (its Q3 report text looks like a formula), one red key project (started, 200 planned
    /// this year, 50 invested in an accepted August report, a September report still submitted), one yellow key project in preliminary
    /// work (300 planned, only a submitted September report), one without lights or Q3 reports. Notices on its tasks: a 通报 issued in
    /// August, an overdue 督办单 the ladder listed for Q3, a reminder issued and closed in July, and one issued in October.
    /// </summary>
    private Task<Scene> ArrangeAsync() => app.WithDbAsync(async db =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var office = new Office($"通报测试办-{suffix}", $"通报办{suffix[..4]}", string.Empty, null);
        var unit = new Unit($"通报测试局-{suffix}", "通报局", UnitKind.Department, null);
        var plan = new Plan($"通报测试清单-{suffix}", 2026, 2026, string.Empty);
        var area = plan.AddArea("领域一");
        db.AddRange(office, unit, plan);
        await db.SaveChangesAsync();

        ReformTask NewTask(string code, KeyProjectFacts? project) =>
            new(plan.Id, new TaskDefinition(
                $"{code}-{suffix}", $"通报测试任务{code}", string.Empty, string.Empty, string.Empty,
                area.Id, office.Id, unit.Id, null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), TaskPriority.Normal, project), []);

        var completed = NewTask("T1", null);
        var red = NewTask("T2", new KeyProjectFacts(800m, 200m, ConstructionState.Started));
        var yellow = NewTask("T3", new KeyProjectFacts(900m, 300m, ConstructionState.Preliminary));
        var unreported = NewTask("T4", null);
        foreach (var task in new[] { completed, red, yellow, unreported })
        {
            task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
        }

        db.Tasks.AddRange(completed, red, yellow, unreported);
        await db.SaveChangesAsync();

        db.Reports.AddRange(
            Report(completed.Id, unit.Id, new YearMonth(2026, 9), "=1+1 看似公式的进展", 100, completed),
            Report(red.Id, unit.Id, new YearMonth(2026, 7), "七月完成基础施工", 30, red),
            Report(red.Id, unit.Id, new YearMonth(2026, 8), "八月完成主体结构", 45, red, investment: 50m),
            Report(red.Id, unit.Id, new YearMonth(2026, 9), "九月待审", 55, accept: null),
            Report(yellow.Id, unit.Id, new YearMonth(2026, 9), "九月完成可研批复", 10, accept: null));
        completed.CompleteByCloseOut(new DateOnly(2026, 9, 20));
        var utc = app.Clock.Now.UtcDateTime;
        db.TaskLights.AddRange(
            new TaskLight { TaskId = red.Id, Light = Light.Red, Reasons = "节点逾期", EvaluatedAtUtc = utc },
            new TaskLight { TaskId = yellow.Id, Light = Light.Yellow, Reasons = "进度滞后", EvaluatedAtUtc = utc });
        await db.SaveChangesAsync();

        // Numbers after every notice already in the class's database: a random start could collide with an earlier test's.
        var sequence = (await db.Notices.IgnoreQueryFilters().Where(n => n.Year == 2026).MaxAsync(n => (int?)n.Sequence) ?? 5000) + 1;
        Notice NewNotice(NoticeKind kind, int taskId, DateOnly deadline, DateTime issuedUtc) =>
            new(kind, 2026, sequence++, unit.Id, taskId, null, "测试督办要求", deadline, "supervisor", null, issuedUtc);
        var criticism = NewNotice(NoticeKind.PublicCriticism, red.Id, new DateOnly(2026, 12, 31), new DateTime(2026, 8, 10, 2, 0, 0, DateTimeKind.Utc));
        var overdue = NewNotice(NoticeKind.SupervisionNotice, yellow.Id, new DateOnly(2026, 7, 20), new DateTime(2026, 7, 5, 2, 0, 0, DateTimeKind.Utc));
        overdue.ListInBulletin(new BulletinQuarter(2026, 3), "升级督办后仍逾期未办结（办理期限 2026-07-20），列入下期通报", new DateTime(2026, 8, 1, 1, 0, 0, DateTimeKind.Utc), "system");
        var closed = NewNotice(NoticeKind.Reminder, red.Id, new DateOnly(2026, 7, 31), new DateTime(2026, 7, 1, 2, 0, 0, DateTimeKind.Utc));
        closed.SignFor(new DateTime(2026, 7, 2, 2, 0, 0, DateTimeKind.Utc), "reporter");
        closed.Respond("已整改", new DateTime(2026, 7, 10, 2, 0, 0, DateTimeKind.Utc), "reporter");
        closed.Close(new DateTime(2026, 7, 15, 2, 0, 0, DateTimeKind.Utc), "supervisor", false, null);
        var later = NewNotice(NoticeKind.SupervisionNotice, red.Id, new DateOnly(2026, 10, 9), new DateTime(2026, 10, 2, 2, 0, 0, DateTimeKind.Utc));
        db.Notices.AddRange(criticism, overdue, closed, later);
        await db.SaveChangesAsync();
        return new Scene(plan.Id, plan.Name, unit.Id, red.Id, yellow.Id, unreported.Id, completed.Code, criticism.Number);
    });

    /// <summary>A submitted report, accepted when a task is given.</summary>
    private static MonthlyReport Report(int taskId, int unitId, YearMonth period, string text, int percent, ReformTask? accept, decimal? investment = null)
    {
        var report = MonthlyReport.StartDraft(taskId, unitId, period);
        report.Fill(text, percent, null, investment, investment is null ? null : ConstructionState.Started);
        report.Submit(new DateTime(2026, 10, 3, 2, 0, 0, DateTimeKind.Utc), "测试");
        if (accept is not null)
        {
            report.Accept(new DateTime(2026, 10, 4, 2, 0, 0, DateTimeKind.Utc), "测试", accept);
        }

        return report;
    }

    private static async Task<byte[]> GetBytesAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Figure(IHtmlDocument page, string testId) => page.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private static AngleSharp.Dom.IElement Task(IHtmlDocument page, int taskId) => page.QuerySelector($"[data-testid=bulletin-task][data-task-id='{taskId}']")!;

    private static int Id(string? text) => int.Parse(text!, CultureInfo.InvariantCulture);
}
