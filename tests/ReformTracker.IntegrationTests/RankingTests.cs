using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using AngleSharp.Dom;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.IntegrationTests;

/// <summary>
/// The 晒比榜 over a plan of its own (so the demo data does not interfere), ranked for 2026-10 on the test clock's
/// 2026-11-23 (the October cut-off, 2026-11-05, has passed).
/// </summary>
public sealed class RankingTests(TestApp app) : IClassFixture<TestApp>
{
    private const string October = "2026-10";

    [Fact]
    public async Task A_hand_computed_month_with_good_faith_notices_and_a_waived_and_an_unwaived_extension()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}");

        Assert.Contains("预览（未发布）", page.QuerySelector("[data-testid=ranking-status]")!.TextContent, StringComparison.Ordinal);

        // 甲局 (unit A), October 2026, default weights 25/25/20/15/15:
        //   按时报送: A1 on time (11-03), A2 late (11-08), A3 never filed → 1/3 → mark 10×1/3 = 3.33 → 25×3.33/10 = 8.325 → 8.33
        //   进度达标: A1 90%+15 ≥ 100% (both milestones planned by 10-31); A2 50%+15 < 83% (303 of 364 days);
        //            A3 completed 10-24 → 2/3 → mark 6.67 → 25×6.67/10 = 16.675 → 16.68
        //   按期完成: milestone 10-10 done 10-08 ✓; milestone 10-20 open ✗; A2 extended to 12-31 WITHOUT waiver, so judged
        //            against its original 10-15 and still open ✗; A3 extended WITH waiver to 10-25, done 10-24 ✓ (against the
        //            original 10-10 it would be late); A1 itself is due 12-31, not counted → 2/4 → mark 5.00 → 20×5/10 = 10.00
        //   督办反馈: N1 answered 10-11 for 10-12 ✓; N3 due 10-28 never answered ✗; N2 answered late but closed with 容错 and
        //            N4 overdue but escalated with 容错 are left out → 1/2 → mark 5.00 → 15×5/10 = 7.50
        //   交办办结: item due 10-15 done 10-14 ✓; item due 10-30 open ✗ → 1/2 → 7.50
        //   composite 8.33 + 16.68 + 10.00 + 7.50 + 7.50 = 50.01
        // 乙局 (B): one task reported on time at 85% (85+15 ≥ 50), nothing else due → 25+25+20+15+15 = 100.00
        // 测试镇 (T): its only task was due 09-30, is open at 0% and October was never reported → 0+0+0+15+15 = 30.00
        var a = Row(page, scene.UnitA);
        Assert.Equal("2", Text(a, "[data-testid=rank]"));
        Assert.Equal("50.01", Text(a, "[data-testid=score]"));
        Assert.Equal(["8.33", "16.68", "10.00", "7.50", "7.50"], Components(a));
        var b = Row(page, scene.UnitB);
        Assert.Equal("1", Text(b, "[data-testid=rank]"));
        Assert.Equal("100.00", Text(b, "[data-testid=score]"));
        var t = Row(page, scene.Town);
        Assert.Equal("1", Text(t, "[data-testid=rank]"));
        Assert.Equal(["0.00", "0.00", "0.00", "15.00", "15.00"], Components(t));
        Assert.Equal("30.00", Text(t, "[data-testid=score]"));

        // September, counted the same way: A 0 + 8.33 + 20 + 15 + 15 = 58.33 ranked above B's 0 + 0 + 0 + 15 + 15 = 30 (its
        // milestone done late),
        // so October shows B ↑1 and A ↓1; the town was alone both months (—).
        Assert.Equal("↓1", Text(a, "[data-testid=change]"));
        Assert.Equal("↑1", Text(b, "[data-testid=change]"));
        Assert.Equal("—", Text(t, "[data-testid=change]"));
        Assert.NotNull(page.QuerySelector($"section[data-group=Department] tr[data-unit-id='{scene.UnitA}']"));
        Assert.NotNull(page.QuerySelector($"section[data-group=Town] tr[data-unit-id='{scene.Town}']"));

        var drill = await leader.GetPageAsync($"/ranking/units/{scene.UnitA}?plan={scene.PlanId}&month={October}");
        var explanations = drill.QuerySelectorAll("[data-testid=explanation]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal("应报 3 份，按时报送 1 份；得分 3.33 × 权重 25% = 8.33", explanations[0]);
        Assert.Equal("在办任务 3 项，进度符合计划 2 项；得分 6.67 × 权重 25% = 16.68", explanations[1]);
        Assert.Equal(
            "已到期任务和节点 4 个，按期完成 2 个（经批准延期 1 项仍按原定时限计，延期并免于考核 1 项按新时限计）；得分 5.00 × 权重 20% = 10.00",
            explanations[2]);
        Assert.Equal("到期督办通知 2 件，按时反馈 1 件（容错免责 2 件，不计入）；得分 5.00 × 权重 15% = 7.50", explanations[3]);
        var details = drill.QuerySelector("[data-testid=details]")!;
        Assert.Equal(4, details.QuerySelectorAll("[data-outcome=Exempt][data-component=NoticeResponse], [data-outcome=Exempt][data-component=Overdue], [data-outcome=Failed][data-component=NoticeResponse]").Length);
        Assert.Contains("仍按原定时限 2026-10-15 计", details.TextContent, StringComparison.Ordinal);
        Assert.Contains("经批准延期并免于考核，按新时限 2026-10-25 计", details.TextContent, StringComparison.Ordinal);
        Assert.Contains("已认定容错，不计入", details.TextContent, StringComparison.Ordinal);
        var links = details.QuerySelectorAll("a[data-testid=detail-link]").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains($"/tasks/{scene.TaskA2}", links);
        Assert.Contains($"/tasks/{scene.TaskA3}", links);
        Assert.Contains($"/notices/{scene.NoticeUnanswered}", links);
        Assert.Contains($"/meetings/{scene.MeetingId}", links);
    }

    [Fact]
    public async Task A_published_month_stays_byte_for_byte_the_same_after_the_data_changes_and_cannot_be_published_twice()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        using var leader = app.CreateClientFor("leader");
        var response = await supervisor.SubmitFormAsync($"/ranking?plan={scene.PlanId}&month={October}", new Dictionary<string, string?>(), "form[data-testid=publish-form]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var board = await leader.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}");
        Assert.Contains("已发布", board.QuerySelector("[data-testid=ranking-status]")!.TextContent, StringComparison.Ordinal);
        var before = board.QuerySelector("[data-testid=board]")!.OuterHtml;
        var drillBefore = (await leader.GetPageAsync($"/ranking/units/{scene.UnitA}?plan={scene.PlanId}&month={October}")).QuerySelector("main")!.OuterHtml;
        var export = await leader.GetByteArrayAsync($"/ranking/export?plan={scene.PlanId}&month={October}");

        // Everything the live ranking counts changes: A2's late report is deleted, A1 is completed, the open milestone is reached,
        // the unanswered notice is answered, the open item is done, a unit is renamed and the weights change.
        await app.WithDbAsync(async db =>
        {
            var late = await db.Reports.SingleAsync(r => r.TaskId == scene.TaskA2 && r.Period == new YearMonth(2026, 10));
            late.MarkDeleted(DateTime.UtcNow);
            var a1 = await db.Tasks.Include(x => x.Milestones).SingleAsync(x => x.Id == scene.TaskA1);
            a1.CompleteByCloseOut(new DateOnly(2026, 10, 5));
            a1.MarkMilestoneReached(a1.Milestones.Single(m => m.DoneDate == null).Id, new DateOnly(2026, 10, 19));
            var notice = await db.Notices.SingleAsync(n => n.Id == scene.NoticeUnanswered);
            notice.SignFor(DateTime.UtcNow, "t");
            notice.Respond("已整改", new DateTime(2026, 10, 20, 2, 0, 0, DateTimeKind.Utc), "t");
            var item = await db.MeetingItems.SingleAsync(i => i.AssigneeUnitId == scene.UnitA && i.State == MeetingItemState.Open);
            item.MarkDone("已办结", "t", new DateTime(2026, 10, 20, 2, 0, 0, DateTimeKind.Utc));
            var unit = await db.Units.SingleAsync(u => u.Id == scene.UnitA);
            unit.Update(unit.Name + "（更名）", unit.ShortName, unit.Kind, unit.ParentId, unit.SortOrder);
            db.RankingWeights.Add(new PlanRankingWeights(scene.PlanId, new RankingWeights(60, 10, 10, 10, 10)));
            return await db.SaveChangesAsync();
        });

        var after = await leader.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}");
        Assert.Equal(before, after.QuerySelector("[data-testid=board]")!.OuterHtml);
        Assert.Equal(drillBefore, (await leader.GetPageAsync($"/ranking/units/{scene.UnitA}?plan={scene.PlanId}&month={October}")).QuerySelector("main")!.OuterHtml);
        Assert.Equal(Workbooks.Read(export).Select(r => string.Join("|", r.Values)), Workbooks.Read(await leader.GetByteArrayAsync($"/ranking/export?plan={scene.PlanId}&month={October}")).Select(r => string.Join("|", r.Values)));
        Assert.Equal("50.01", Text(Row(after, scene.UnitA), "[data-testid=score]"));

        // The live preview of the same plan's November does see the changes (A1 completed).
        var november = await leader.GetPageAsync($"/ranking?plan={scene.PlanId}&month=2026-11");
        Assert.Contains("预览（未发布）", november.QuerySelector("[data-testid=ranking-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("（更名）", november.QuerySelector("[data-testid=board]")!.TextContent, StringComparison.Ordinal);

        // Publishing again is refused with a reason, and nothing is added.
        var again = await supervisor.PostAsync("/ranking/publish",
            [new("__RequestVerificationToken", (await supervisor.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}")).AntiforgeryToken()!), new("plan", scene.PlanId.ToString()), new("month", October)]);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var refused = await supervisor.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}");
        Assert.Contains("已经发布，不能重复发布", refused.QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Null(refused.QuerySelector("form[data-testid=publish-form]"));
        Assert.Equal(1, await app.WithDbAsync(db => db.RankingPublications.CountAsync(p => p.PlanId == scene.PlanId)));
    }

    [Fact]
    public async Task An_amendment_is_shown_beside_the_original_row_which_keeps_its_published_values()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        await supervisor.SubmitFormAsync($"/ranking?plan={scene.PlanId}&month={October}", new Dictionary<string, string?>(), "form[data-testid=publish-form]");
        var rowId = await app.WithDbAsync(db => db.RankingRows.Where(r => r.UnitId == scene.UnitA).Select(r => r.Id).SingleAsync());
        var url = $"/ranking/rows/{rowId}/amend";

        // Bad input: no reason, a component above its weight, three decimals, a rank beyond the group → each error by its field.
        var bad = await supervisor.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Rank"] = "9", ["OnTimeReporting"] = "26", ["Trajectory"] = "16.685", ["Reason"] = " ",
        }, "form[data-testid=amend-form]");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var form = await bad.ReadPageAsync();
        Assert.Contains("请填写更正理由", Error(form, "Reason"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.RankingAmendments.CountAsync(a => a.RowId == rowId)));
        var bounds = await supervisor.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Rank"] = "9", ["OnTimeReporting"] = "26", ["Trajectory"] = "16.685", ["Reason"] = "A2 月报系系统故障迟报，经核实按时报送",
        }, "form[data-testid=amend-form]");
        form = await bounds.ReadPageAsync();
        Assert.Contains("排名不能超过本组单位数 2", Error(form, "Rank"), StringComparison.Ordinal);
        Assert.Contains("得分应在 0 到 25 之间，最多两位小数", Error(form, "OnTimeReporting"), StringComparison.Ordinal);
        Assert.Contains("得分应在 0 到 25 之间，最多两位小数", Error(form, "Trajectory"), StringComparison.Ordinal);
        Assert.Equal("26", form.QuerySelector<IHtmlInputElement>("#OnTimeReporting")!.Value);

        // A2's report counted as on time: 2/3 → 6.67 → 16.68 points; composite 16.68 + 16.68 + 10 + 7.5 + 7.5 = 58.36, still second.
        var ok = await supervisor.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Rank"] = "2", ["OnTimeReporting"] = "16.68", ["Trajectory"] = "16.68", ["Reason"] = "A2 月报系系统故障迟报，经核实按时报送",
        }, "form[data-testid=amend-form]");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        using var leader = app.CreateClientFor("leader");
        var page = await leader.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}");
        var original = Row(page, scene.UnitA);
        Assert.Equal("50.01", Text(original, "[data-testid=score]"));
        Assert.Equal(["8.33", "16.68", "10.00", "7.50", "7.50"], Components(original));
        var amendment = page.QuerySelector($"tr[data-testid=amendment][data-unit-id='{scene.UnitA}']")!;
        Assert.Same(original.NextElementSibling, amendment);
        Assert.Contains("58.36", amendment.TextContent, StringComparison.Ordinal);
        Assert.Contains("系统故障迟报", amendment.TextContent, StringComparison.Ordinal);
        Assert.Contains("supervisor", amendment.TextContent, StringComparison.Ordinal);
        var drill = await leader.GetPageAsync($"/ranking/units/{scene.UnitA}?plan={scene.PlanId}&month={October}");
        Assert.Contains("58.36", drill.QuerySelector("[data-testid=amendment]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("50.01", drill.QuerySelector("[data-testid=summary] [data-testid=score]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("form[data-testid=publish-form]"));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.EntityType == "RankingAmendment" && r.UserName == "supervisor")));
    }

    [Fact]
    public async Task Only_supervisors_publish_and_amend_unknown_plans_rows_and_months_are_404_and_the_cut_off_is_respected()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        using var leader = app.CreateClientFor("leader");
        using var reviewer = app.CreateClientFor("reviewer");
        using var reporter = app.CreateClientFor("reporter");
        using var admin = app.CreateClientFor("admin");
        using var auditor = app.CreateClientFor("auditor");

        foreach (var client in new[] { leader, reviewer, reporter, admin })
        {
            var token = (await client.GetPageAsync("/account/password")).AntiforgeryToken()!;
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/ranking/publish",
                [new("__RequestVerificationToken", token), new("plan", scene.PlanId.ToString()), new("month", October)])).StatusCode);
            Assert.Null((await client.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}")).QuerySelector("form[data-testid=publish-form]"));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/ranking?plan={scene.PlanId}")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.RankingPublications.CountAsync(p => p.PlanId == scene.PlanId)));

        var supervisorToken = (await supervisor.GetPageAsync("/ranking")).AntiforgeryToken()!;
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync("/ranking/publish",
            [new("__RequestVerificationToken", supervisorToken), new("plan", "999999"), new("month", October)])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync("/ranking/publish",
            [new("__RequestVerificationToken", supervisorToken), new("plan", scene.PlanId.ToString()), new("month", "2026-13")])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/ranking/rows/999999/amend")).StatusCode);

        // November's cut-off (2026-12-05) is still ahead: no publish button, and a forged post is refused with the reason.
        var november = await supervisor.GetPageAsync($"/ranking?plan={scene.PlanId}&month=2026-11");
        Assert.Null(november.QuerySelector("form[data-testid=publish-form]"));
        Assert.Contains("2026-12-05", november.QuerySelector("[data-testid=ranking-status]")!.TextContent, StringComparison.Ordinal);
        await supervisor.PostAsync("/ranking/publish",
            [new("__RequestVerificationToken", november.AntiforgeryToken()!), new("plan", scene.PlanId.ToString()), new("month", "2026-11")]);
        Assert.Contains("截止日过后才能发布", (await supervisor.GetPageAsync($"/ranking?plan={scene.PlanId}&month=2026-11")).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);

        // Published rows are amended by supervisors only.
        await supervisor.SubmitFormAsync($"/ranking?plan={scene.PlanId}&month={October}", new Dictionary<string, string?>(), "form[data-testid=publish-form]");
        var rowId = await app.WithDbAsync(db => db.RankingRows.Where(r => r.UnitId == scene.UnitB).Select(r => r.Id).SingleAsync());
        foreach (var client in new[] { leader, reviewer, reporter, admin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/ranking/rows/{rowId}/amend")).StatusCode);
            var token = (await client.GetPageAsync("/account/password")).AntiforgeryToken()!;
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/ranking/rows/{rowId}/amend",
                [new("__RequestVerificationToken", token), new("Rank", "1"), new("Reason", "x")])).StatusCode);
        }

        // Bad plans and months never answer 500.
        foreach (var url in new[]
                 {
                     "/ranking?plan=999999", $"/ranking?plan={scene.PlanId}&month=2026-13", $"/ranking?plan={scene.PlanId}&month=abc",
                     $"/ranking?plan={scene.PlanId}&month=2027-01", $"/ranking?plan={scene.PlanId}&month=2025-12",
                     $"/ranking/units/{scene.UnitA}?plan={scene.PlanId}&month=1999-01", $"/ranking/units/999999?plan={scene.PlanId}&month={October}",
                     $"/ranking/export?plan={scene.PlanId}&month=x",
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/ranking?plan=abc&month={October}")).StatusCode);
    }

    [Fact]
    public async Task Weights_are_set_per_plan_must_add_up_to_one_hundred_and_are_audited()
    {
        var scene = await ArrangeAsync();
        using var admin = app.CreateClientFor("admin");
        var url = $"/ranking/weights?plan={scene.PlanId}";

        var bad = await admin.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["OnTimeReporting"] = "30", ["Trajectory"] = "30", ["Overdue"] = "20", ["NoticeResponse"] = "15", ["MeetingItems"] = "-1",
        }, "form[data-testid=weights-form]");
        var form = await bad.ReadPageAsync();
        Assert.Contains("权重应为 0 到 100 之间的整数", Error(form, "MeetingItems"), StringComparison.Ordinal);
        var sum = await (await admin.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["OnTimeReporting"] = "30", ["Trajectory"] = "30", ["Overdue"] = "20", ["NoticeResponse"] = "15", ["MeetingItems"] = "15",
        }, "form[data-testid=weights-form]")).ReadPageAsync();
        Assert.Contains("五项权重之和须为 100，现为 110", sum.QuerySelector("[data-testid=total-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("30", sum.QuerySelector<IHtmlInputElement>("#OnTimeReporting")!.Value);

        var ok = await admin.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["OnTimeReporting"] = "40", ["Trajectory"] = "20", ["Overdue"] = "20", ["NoticeResponse"] = "10", ["MeetingItems"] = "10",
        }, "form[data-testid=weights-form]");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.EntityType == "PlanRankingWeights" && r.UserName == "admin")));

        // B's October under 40/20/20/10/10 is still full marks; A's 按时报送 is now 40×3.33/10 = 13.32.
        using var leader = app.CreateClientFor("leader");
        var page = await leader.GetPageAsync($"/ranking?plan={scene.PlanId}&month={October}");
        Assert.Equal("13.32", Components(Row(page, scene.UnitA))[0]);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(url)).StatusCode);
        using var reviewer = app.CreateClientFor("reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync(url)).StatusCode);
        using var supervisor = app.CreateClientFor("supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/ranking/weights?plan=999999")).StatusCode);
    }

    [Fact]
    public async Task The_export_opens_and_has_one_row_per_unit_with_the_scores()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        var rows = Workbooks.Read(await leader.GetByteArrayAsync($"/ranking/export?plan={scene.PlanId}&month={October}"));

        Assert.Equal(3, rows.Count);
        var a = rows.Single(r => Equals(r["单位"], scene.UnitAName));
        Assert.Equal(50.01m, Convert.ToDecimal(a["综合得分"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2m, Convert.ToDecimal(a["排名"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("↓1", a["较上月"]);
        Assert.Equal("预览（未发布）", a["状态"]);
        Assert.Equal(8.33m, Convert.ToDecimal(a["按时报送（权重 25）"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(rows, r => Equals(r["榜单"], "镇街榜"));
    }

    private static IHtmlTableRowElement Row(IHtmlDocument page, int unitId) =>
        (IHtmlTableRowElement)page.QuerySelector($"[data-testid=board] tr[data-unit-id='{unitId}']:not([data-testid=amendment])")!;

    private static string Text(IElement row, string selector) => row.QuerySelector(selector)!.TextContent.Trim();

    private static List<string> Components(IElement row) => row.QuerySelectorAll("td[data-component]").Select(c => c.TextContent.Trim()).ToList();

    private static string Error(IHtmlDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent ?? string.Empty;

    private sealed record Scene(
        int PlanId, int UnitA, string UnitAName, int UnitB, int Town, int TaskA1, int TaskA2, int TaskA3, int NoticeUnanswered, int MeetingId);

    private Task<Scene> ArrangeAsync() => app.WithDbAsync(async db =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var official = new Official($"排名领导{suffix[..4]}", "副区长");
        db.Officials.Add(official);
        await db.SaveChangesAsync();
        var office = new Office($"排名测试办-{suffix}", $"排名办{suffix[..4]}", string.Empty, official.Id);
        var unitA = new Unit($"甲局-{suffix}", $"甲局{suffix[..4]}", UnitKind.Department, null);
        var unitB = new Unit($"乙局-{suffix}", $"乙局{suffix[..4]}", UnitKind.Department, null);
        var town = new Unit($"测试镇-{suffix}", $"测试镇{suffix[..4]}", UnitKind.Town, null);
        var plan = new Plan($"排名测试清单-{suffix}", 2026, 2026, string.Empty);
        var area = plan.AddArea("领域一");
        db.AddRange(office, unitA, unitB, town, plan);
        await db.SaveChangesAsync();

        var start = new DateOnly(2026, 1, 1);
        ReformTask NewTask(string code, Unit unit, DateOnly due) =>
            new(plan.Id, new TaskDefinition($"{code}-{suffix}", $"排名测试任务{code}", string.Empty, string.Empty, string.Empty,
                area.Id, office.Id, unit.Id, null, start, due, TaskPriority.Normal, null), []);

        var a1 = NewTask("A1", unitA, new DateOnly(2026, 12, 31));
        a1.AddMilestone("10月10日前完成方案", new DateOnly(2026, 10, 10), new DateOnly(2026, 10, 8));
        a1.AddMilestone("10月20日前完成试点", new DateOnly(2026, 10, 20));
        var a2 = NewTask("A2", unitA, new DateOnly(2026, 10, 15));
        var a3 = NewTask("A3", unitA, new DateOnly(2026, 10, 10));
        var b1 = NewTask("B1", unitB, new DateOnly(2026, 12, 31));
        var t1 = NewTask("T1", town, new DateOnly(2026, 9, 30));
        // B1's milestones count in October neither for overdue nor against it: one was done (late) in September, one is planned
        // for December, and one that would be overdue is deleted. The first two leave its trajectory at 1 of 2 planned (50%).
        b1.AddMilestone("9月完成调研", new DateOnly(2026, 9, 5), new DateOnly(2026, 9, 20));
        b1.AddMilestone("12月完成验收", new DateOnly(2026, 12, 15));
        b1.AddMilestone("已删除的节点", new DateOnly(2026, 10, 5));
        db.Tasks.AddRange(a1, a2, a3, b1, t1);
        await db.SaveChangesAsync();
        db.Remove(b1.Milestones.Single(m => m.Title == "已删除的节点"));
        await db.SaveChangesAsync();

        // A2 extended to 12-31 without waiver (scored against 10-15); A3 extended to 10-25 with waiver and completed 10-24.
        var decided = new DateTime(2026, 9, 1, 2, 0, 0, DateTimeKind.Utc);
        var unwaived = new ExtensionRequest(a2, "t", "征地未完成", new DateOnly(2026, 12, 31), new DateOnly(2026, 9, 1), false);
        var waived = new ExtensionRequest(a3, "t", "上级政策调整", new DateOnly(2026, 10, 25), new DateOnly(2026, 9, 1), false);
        db.ExtensionRequests.AddRange(unwaived, waived);
        unwaived.Approve(a2, decided, "reviewer", waiveForScoring: false, "同意延期，但考核按原时限");
        waived.Approve(a3, decided, "reviewer", waiveForScoring: true, "客观原因，免于考核");
        a3.CompleteByCloseOut(new DateOnly(2026, 10, 24));
        await db.SaveChangesAsync();

        var october = new YearMonth(2026, 10);
        void Report(ReformTask task, int percent, DateTime submittedUtc)
        {
            var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, october);
            report.Fill("本月推进情况", percent, null, null, null);
            report.Submit(submittedUtc, "t");
            report.Accept(submittedUtc.AddHours(1), "reviewer", task);
            db.Reports.Add(report);
        }

        Report(a1, 90, new DateTime(2026, 11, 3, 2, 0, 0, DateTimeKind.Utc));
        Report(a2, 50, new DateTime(2026, 11, 8, 2, 0, 0, DateTimeKind.Utc));
        Report(b1, 85, new DateTime(2026, 11, 4, 2, 0, 0, DateTimeKind.Utc));
        await db.SaveChangesAsync();

        var sequence = (await db.Notices.Where(n => n.Kind == NoticeKind.SupervisionNotice && n.Year == 2026).MaxAsync(n => (int?)n.Sequence) ?? 0) + 1;
        Notice NewNotice(ReformTask task, DateOnly deadline) =>
            new(NoticeKind.SupervisionNotice, 2026, sequence++, unitA.Id, task.Id, null, "限期整改", deadline, "supervisor", null, new DateTime(2026, 9, 20, 2, 0, 0, DateTimeKind.Utc));
        var answered = NewNotice(a1, new DateOnly(2026, 10, 12));
        answered.SignFor(new DateTime(2026, 10, 1, 2, 0, 0, DateTimeKind.Utc), "t");
        answered.Respond("已完成整改", new DateTime(2026, 10, 11, 2, 0, 0, DateTimeKind.Utc), "t");
        var forgiven = NewNotice(a2, new DateOnly(2026, 10, 20));
        forgiven.SignFor(new DateTime(2026, 10, 1, 2, 0, 0, DateTimeKind.Utc), "t");
        forgiven.Respond("已尽力推进", new DateTime(2026, 10, 25, 2, 0, 0, DateTimeKind.Utc), "t");
        forgiven.Close(new DateTime(2026, 10, 26, 2, 0, 0, DateTimeKind.Utc), "supervisor", goodFaith: true, "因台风停工，单位已尽责");
        var unansweredNotice = NewNotice(a2, new DateOnly(2026, 10, 28));
        var escalatedInGoodFaith = NewNotice(a1, new DateOnly(2026, 10, 5));
        db.Notices.AddRange(answered, forgiven, unansweredNotice, escalatedInGoodFaith);
        await db.SaveChangesAsync();
        db.Notices.Add(escalatedInGoodFaith.Escalate(
            2026, sequence++, "甲局主要负责人", new DateOnly(2026, 11, 30), "逾期未反馈", new DateTime(2026, 10, 6, 2, 0, 0, DateTimeKind.Utc), "supervisor",
            goodFaith: true, goodFaithReason: "上级审批未到位，非单位原因"));

        var meeting = new Meeting($"10月晒比会-{suffix}", new DateOnly(2026, 10, 1), plan.Id, null, null, null, "supervisor");
        meeting.Assign("完成试点方案报批", unitA.Id, new DateOnly(2026, 10, 15), a1.Id).MarkDone("已报批", "t", new DateTime(2026, 10, 14, 2, 0, 0, DateTimeKind.Utc));
        meeting.Assign("落实配套资金", unitA.Id, new DateOnly(2026, 10, 30), null);
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return new Scene(plan.Id, unitA.Id, unitA.Name, unitB.Id, town.Id, a1.Id, a2.Id, a3.Id, unansweredNotice.Id, meeting.Id);
    });
}
