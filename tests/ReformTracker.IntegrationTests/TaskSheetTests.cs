using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

/// <summary>Excel in and out: the round trip, rows refused with their row numbers, all or nothing, re-import by code, formula-like text, access.</summary>
public sealed class TaskSheetTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Exporting_a_plan_and_importing_the_file_again_changes_nothing_and_writes_no_audit_record()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await PlanIdAsync();
        var before = await SnapshotAsync(planId);
        var auditBefore = await AuditCountAsync();

        var exported = await admin.ExportAsync($"?plan={planId}");
        var rows = Workbooks.Read(exported);
        Assert.Equal(before.Count, rows.Count);
        Assert.Contains("红黄绿灯", rows[0].Keys);

        var (preview, confirmed) = await admin.ImportAsync(planId, exported);
        Assert.Equal("0", preview.QuerySelector("[data-testid=count-new]")!.TextContent);
        Assert.Equal("0", preview.QuerySelector("[data-testid=count-updated]")!.TextContent);
        Assert.Equal(before.Count.ToString(CultureInfo.InvariantCulture), preview.QuerySelector("[data-testid=count-unchanged]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        Assert.Equal(before, await SnapshotAsync(planId));
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task New_codes_create_tasks_and_a_reimport_updates_existing_tasks_by_code_through_Redefine()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await PlanIdAsync();
        var names = await NamesAsync(planId);
        var first = Row(names, "IMP-NEW-1", "新导入任务一");
        first["配合单位"] = names.OtherUnit + "、" + names.Unit;
        first["领办领导"] = names.Official;
        first["优先级"] = "重要";
        var second = Row(names, "IMP-NEW-2", "新导入重点项目");
        second["重点项目"] = "是";
        second["计划总投资（万元）"] = 1200.5;
        second["年度计划投资（万元）"] = 300;
        second["建设状态"] = "前期工作";
        var auditBefore = await AuditCountAsync();

        var (preview, confirmed) = await admin.ImportAsync(planId, Workbooks.Sheet([first, second]));
        Assert.Equal("2", preview.QuerySelector("[data-testid=count-new]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var created = await TaskAsync(planId, "IMP-NEW-1");
        Assert.Equal("新导入任务一", created.Title);
        Assert.Equal(TaskPriority.High, created.Priority);
        Assert.Equal(new DateOnly(2026, 12, 31), created.DueDate);
        Assert.Equal([names.OtherUnitId], created.Cooperations.Select(c => c.UnitId).ToArray());
        Assert.NotNull(created.LeadingOfficialId);
        var project = await TaskAsync(planId, "IMP-NEW-2");
        Assert.True(project.IsKeyProject);
        Assert.Equal(1200.5m, project.PlannedTotalInvestment);
        Assert.Equal(ConstructionState.Preliminary, project.ConstructionState);
        Assert.True(await AuditCountAsync() > auditBefore);

        first["任务名称"] = "新导入任务一（修订）";
        first["完成时限"] = new DateTime(2027, 3, 31);
        first["配合单位"] = null;
        var auditBeforeUpdate = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => r.Sequence));
        (preview, confirmed) = await admin.ImportAsync(planId, Workbooks.Sheet([first, second]));
        Assert.Equal("1", preview.QuerySelector("[data-testid=count-updated]")!.TextContent);
        Assert.Equal("1", preview.QuerySelector("[data-testid=count-unchanged]")!.TextContent);
        Assert.Contains("任务名称", preview.QuerySelector("[data-code='IMP-NEW-1']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        var updated = await TaskAsync(planId, "IMP-NEW-1");
        Assert.Equal(created.Id, updated.Id);
        Assert.Equal("新导入任务一（修订）", updated.Title);
        Assert.Equal(new DateOnly(2027, 3, 31), updated.DueDate);
        Assert.Empty(updated.Cooperations);
        Assert.True(updated.Version > created.Version);
        Assert.Equal(project.Version, (await TaskAsync(planId, "IMP-NEW-2")).Version);
        var records = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking().Where(r => r.Sequence > auditBeforeUpdate).ToListAsync());
        Assert.Contains(records, r => r.EntityType == "ReformTask" && r.EntityId == created.Id.ToString(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(records, r => r.EntityType == "ReformTask" && r.EntityId == project.Id.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_reported_with_its_row_number_and_column_and_nothing_is_saved()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await PlanIdAsync();
        var names = await NamesAsync(planId);
        var rows = new List<(Dictionary<string, object?> Row, string Column, string Message)>
        {
            (With(Row(names, "BAD-1"), "牵头单位", "不存在的局"), "牵头单位", "找不到单位“不存在的局”"),
            (With(Row(names, "BAD-2"), "所属领域", "外星领域"), "所属领域", "本清单中没有领域“外星领域”"),
            (With(Row(names, "BAD-3"), "责任专项办", "不存在办"), "责任专项办", "找不到专项办“不存在办”"),
            (With(Row(names, "BAD-4"), "领办领导", "无名氏"), "领办领导", "找不到领导“无名氏”"),
            (With(Row(names, "BAD-5"), "配合单位", names.Unit + "、火星局"), "配合单位", "找不到配合单位“火星局”"),
            (With(Row(names, "BAD-6"), "开始日期", "明年春天"), "开始日期", "不是有效日期"),
            (With(Row(names, "BAD-7"), "完成时限", new DateTime(2025, 12, 31)), "完成时限", "完成时限不能早于开始日期"),
            (With(Row(names, "BAD-8"), "任务名称", null), "任务名称", "请填写任务名称"),
            (With(Row(names, "BAD-9"), "任务名称", new string('长', 201)), "任务名称", "不能超过 200 个字"),
            (With(Row(names, "BAD 10"), "目标", "x"), "任务编号", "任务编号只能包含字母、数字、点、横线和下划线"),
            (With(Row(names, "BAD-11"), "优先级", "特急"), "优先级", "优先级只能填写"),
            (With(Row(names, "BAD-12"), "重点项目", "是"), "计划总投资（万元）", "重点项目须填写计划总投资"),
            (With(Row(names, "BAD-13"), "计划总投资（万元）", 100), "重点项目", "“重点项目”须填“是”"),
            (With(Row(names, "BAD-14"), "完成时限", null), "完成时限", "请填写完成时限"),
            (With(Row(names, "BAD-15"), "改革内容", new string('文', 4001)), "改革内容", "不能超过 4000 个字"),
            (Row(names, "BAD-1"), "任务编号", "编号 BAD-1 与第 2 行重复"),
            (With(Row(names, "BAD-17"), "任务编号", null), "任务编号", "请填写任务编号"),
        };
        var tasksBefore = await TaskCountAsync();
        var auditBefore = await AuditCountAsync();

        using var response = await admin.UploadAsync(planId, Workbooks.Sheet(rows.Select(r => (IDictionary<string, object?>)r.Row)));
        var page = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("[data-testid=preview]"));
        for (var i = 0; i < rows.Count; i++)
        {
            var excelRow = i + 2;
            var reported = page.QuerySelectorAll($"[data-testid=row-errors] tr[data-row='{excelRow}']").ToList();
            Assert.True(
                reported.Any(r => r.GetAttribute("data-column") == rows[i].Column && r.TextContent.Contains(rows[i].Message, StringComparison.Ordinal)),
                $"Row {excelRow}: expected {rows[i].Column} “{rows[i].Message}”, got: {string.Join(" / ", reported.Select(r => r.TextContent.Trim()))}");
        }

        Assert.Equal(tasksBefore, await TaskCountAsync());
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task One_bad_row_among_good_ones_saves_nothing_and_offers_no_confirmation()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await PlanIdAsync();
        var names = await NamesAsync(planId);
        var rows = new[] { Row(names, "ONE-1"), Row(names, "ONE-2"), With(Row(names, "ONE-3"), "牵头单位", "查无此单位"), Row(names, "ONE-4") };
        var tasksBefore = await TaskCountAsync();
        var auditBefore = await AuditCountAsync();

        using var response = await admin.UploadAsync(planId, Workbooks.Sheet(rows));
        var page = await response.ReadPageAsync();

        var error = Assert.Single(page.QuerySelectorAll("[data-testid=row-errors] tbody tr"));
        Assert.Equal("4", error.GetAttribute("data-row"));
        Assert.Contains("未导入任何任务", page.QuerySelector("[data-testid=import-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[data-testid=confirm-form]"));
        Assert.Equal(tasksBefore, await TaskCountAsync());
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task A_change_in_the_registry_or_a_task_between_preview_and_confirm_saves_nothing()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await PlanIdAsync();
        var names = await NamesAsync(planId);

        // An area renamed after the preview: the row no longer resolves.
        using var uploaded = await admin.UploadAsync(planId, Workbooks.Sheet([Row(names, "RACE-1"), Row(names, "RACE-2")]));
        var preview = await uploaded.ReadPageAsync();
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)preview.QuerySelector("form[data-testid=confirm-form]")!;
        await RenameAreaAsync(names.AreaId, names.Area + "（改名）");
        var tasksBefore = await TaskCountAsync();
        using var refused = await admin.PostAsync(form.GetAttribute("action")!, Html.FormFields(form));
        var page = await refused.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=row-errors] tbody tr").Length);
        Assert.Equal(tasksBefore, await TaskCountAsync());
        await RenameAreaAsync(names.AreaId, names.Area);

        // A task edited by someone else after the preview.
        var exported = await admin.ExportAsync($"?plan={planId}");
        var code = (string)Workbooks.Read(exported)[0]["任务编号"]!;
        using var second = await admin.UploadAsync(planId, exported);
        form = (AngleSharp.Html.Dom.IHtmlFormElement)(await second.ReadPageAsync()).QuerySelector("form[data-testid=confirm-form]")!;
        await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.SingleAsync(t => t.PlanId == planId && t.Code == code);
            task.ChangeStatus(task.Status == ReformTaskStatus.Suspended ? ReformTaskStatus.InProgress : ReformTaskStatus.Suspended, new DateOnly(2026, 11, 23));
            return await db.SaveChangesAsync();
        });
        var auditBefore = await AuditCountAsync();
        using var stale = await admin.PostAsync(form.GetAttribute("action")!, Html.FormFields(form));
        var stalePage = await stale.ReadPageAsync();
        Assert.True(stalePage.QuerySelector("[data-testid=import-refused]")?.TextContent.Contains("已被修改", StringComparison.Ordinal) == true,
            $"{(int)stale.StatusCode} {stale.Headers.Location} {stalePage.QuerySelector("main")?.TextContent}");
        Assert.Equal(auditBefore, await AuditCountAsync());

        // The token is spent: posting it again is refused too.
        using var again = await admin.PostAsync(form.GetAttribute("action")!, Html.FormFields(form));
        Assert.Contains("预览已过期或不存在", (await again.ReadPageAsync()).QuerySelector("[data-testid=import-refused]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formula_like_text_is_exported_as_text_and_comes_back_unchanged()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await PlanIdAsync();
        var names = await NamesAsync(planId);
        var texts = new[] { "=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2", "@SUM(A1)", "\t=1", "'=1" };
        await app.WithDbAsync(async db =>
        {
            db.Tasks.Add(new ReformTask(planId, new TaskDefinition("FORMULA-1", texts[0], texts[1], texts[2], texts[3], names.AreaId, names.OfficeId, names.UnitId, null,
                new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), TaskPriority.Normal, null), []));
            db.Tasks.Add(new ReformTask(planId, new TaskDefinition("FORMULA-2", texts[5], texts[4], string.Empty, string.Empty, names.AreaId, names.OfficeId, names.UnitId, null,
                new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), TaskPriority.Normal, null), []));
            return await db.SaveChangesAsync();
        });

        var exported = await admin.ExportAsync($"?plan={planId}&q=FORMULA");
        var xml = Workbooks.EntryText(exported);
        Assert.DoesNotContain("<x:f", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
        var rows = Workbooks.Read(exported);
        Assert.Equal("'" + texts[0], rows[0]["任务名称"]);
        Assert.Equal("'" + texts[1], rows[0]["改革内容"]);
        Assert.Equal("'" + texts[3], rows[0]["工作标准"]);
        Assert.Equal("''=1", rows[1]["任务名称"]);

        var (preview, _) = await admin.ImportAsync(planId, exported);
        Assert.Equal("2", preview.QuerySelector("[data-testid=count-unchanged]")!.TextContent);
    }

    [Fact]
    public async Task The_export_follows_the_list_filters_and_the_users_scope()
    {
        using var reporter = app.CreateClientFor("reporter");
        var listed = (await reporter.GetPageAsync("/tasks?size=100")).QuerySelector("[data-testid=total-count]")!.TextContent;
        var own = Workbooks.Read(await reporter.ExportAsync(""));
        Assert.Contains(own.Count.ToString(CultureInfo.InvariantCulture), listed, StringComparison.Ordinal);
        var unitName = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "reporter")
            .Join(db.Units, u => u.UnitId, x => x.Id, (u, x) => x.Name).SingleAsync());
        Assert.All(own, r => Assert.True(unitName == (string?)r["牵头单位"] || ((string?)r["配合单位"] ?? "").Contains(unitName, StringComparison.Ordinal)));

        using var leader = app.CreateClientFor("leader");
        var keyProjects = Workbooks.Read(await leader.ExportAsync("?keyProject=true&sort=-due"));
        Assert.NotEmpty(keyProjects);
        Assert.All(keyProjects, r => Assert.Equal("是", r["重点项目"]));
        var dues = keyProjects.Select(r => (DateTime)r["完成时限"]!).ToList();
        Assert.Equal(dues.OrderByDescending(d => d), dues);
        Assert.DoesNotContain(Workbooks.Read(await leader.ExportAsync("?q=no-such-task-anywhere")), r => r["任务编号"] is not null);
    }

    [Fact]
    public async Task Only_the_system_administrator_imports_and_an_unknown_plan_is_not_found()
    {
        var planId = await PlanIdAsync();
        var sheet = Workbooks.Sheet([]);
        foreach (var account in new[] { "reporter", "reviewer", "leader", "supervisor" })
        {
            using var client = app.CreateClientFor(account);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri($"/plans/{planId}/import", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri($"/plans/{planId}/import/template", UriKind.Relative))).StatusCode);
            using var upload = await client.UploadAsync(planId, sheet);
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        }

        using var admin = app.CreateClientFor("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/plans/999999/import", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/plans/999999/import/template", UriKind.Relative))).StatusCode);
        using var unknown = await admin.UploadAsync(999999, sheet);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var token = (await admin.GetPageAsync("/tasks")).AntiforgeryToken()!;
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/plans/999999/import/confirm", [new("__RequestVerificationToken", token), new("token", new string('a', 32))])).StatusCode);

        var page = await admin.GetPageAsync($"/plans/{planId}/import");
        Assert.Contains("完成时限", page.QuerySelector("[data-testid=columns]")!.TextContent, StringComparison.Ordinal);
        using var template = await admin.GetAsync(new Uri($"/plans/{planId}/import/template", UriKind.Relative));
        var bytes = await template.Content.ReadAsByteArrayAsync();
        Assert.Equal(Workbooks.Headers, Workbooks.Read(bytes).Count == 0 ? [] : Workbooks.Read(bytes)[0].Keys.ToArray());
        using var empty = await admin.UploadAsync(planId, bytes);
        Assert.Contains("没有任务", (await empty.ReadPageAsync()).QuerySelector("[data-testid=import-refused]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staged_file_belongs_to_its_uploader_and_plan()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await PlanIdAsync();
        var names = await NamesAsync(planId);
        using var uploaded = await admin.UploadAsync(planId, Workbooks.Sheet([Row(names, "OWN-1")]));
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await uploaded.ReadPageAsync()).QuerySelector("form[data-testid=confirm-form]")!;
        var otherPlan = await app.WithDbAsync(async db =>
        {
            var plan = new ReformTracker.Web.Domain.Plans.Plan("另一份清单", 2026, 2026, string.Empty);
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return plan.Id;
        });
        var fields = Html.FormFields(form);

        using var wrongPlan = await admin.PostAsync($"/plans/{otherPlan}/import/confirm", fields);
        Assert.Contains("预览已过期或不存在", (await wrongPlan.ReadPageAsync()).QuerySelector("[data-testid=import-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Tasks.AnyAsync(t => t.Code == "OWN-1")));

        var token = fields.Single(f => f.Key == "token").Value;
        Assert.True(File.Exists(Path.Combine(app.ImportStagingFolder, token + ".xlsx")));
        using var confirmed = await admin.PostAsync(form.GetAttribute("action")!, fields);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Tasks.AnyAsync(t => t.Code == "OWN-1" && t.PlanId == planId)));
        Assert.False(File.Exists(Path.Combine(app.ImportStagingFolder, token + ".xlsx")));

        // Another administrator cannot confirm someone else's preview.
        using var again = await admin.UploadAsync(planId, Workbooks.Sheet([Row(names, "OWN-2")]));
        var theirs = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)(await again.ReadPageAsync()).QuerySelector("form[data-testid=confirm-form]")!);
        var otherAdmin = await NewAdministratorAsync();
        using var other = app.CreateClientFor(otherAdmin);
        var otherToken = (await other.GetPageAsync("/tasks")).AntiforgeryToken()!;
        var stolen = theirs.Where(f => f.Key != "__RequestVerificationToken").Append(new("__RequestVerificationToken", otherToken)).ToList();
        using var refused = await other.PostAsync($"/plans/{planId}/import/confirm", stolen);
        Assert.Contains("预览已过期或不存在", (await refused.ReadPageAsync()).QuerySelector("[data-testid=import-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Tasks.AnyAsync(t => t.Code == "OWN-2")));
    }

    private async Task<string> NewAdministratorAsync()
    {
        var userName = $"adm{Guid.NewGuid():N}"[..12];
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var created = await users.CreateAsync(new AppUser { UserName = userName, DisplayName = "另一位管理员", Role = Roles.SystemAdmin }, TestApp.DemoPassword);
        Assert.True(created.Succeeded);
        return userName;
    }

    internal sealed record Names(int AreaId, string Area, int OfficeId, string Office, int UnitId, string Unit, int OtherUnitId, string OtherUnit, string Official);

    internal static Dictionary<string, object?> Row(Names names, string code, string? title = null) => new()
    {
        ["任务编号"] = code,
        ["任务名称"] = title ?? "导入测试任务 " + code,
        ["改革内容"] = "内容",
        ["目标"] = "目标",
        ["工作标准"] = "标准",
        ["所属领域"] = names.Area,
        ["责任专项办"] = names.Office,
        ["牵头单位"] = names.Unit,
        ["开始日期"] = new DateTime(2026, 1, 1),
        ["完成时限"] = "2026-12-31",
    };

    private static Dictionary<string, object?> With(Dictionary<string, object?> row, string header, object? value)
    {
        row[header] = value;
        return row;
    }

    private Task<int> PlanIdAsync() => app.WithDbAsync(db => db.Plans.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());

    private Task<Names> NamesAsync(int planId) => app.WithDbAsync(async db =>
    {
        var area = await db.Areas.Where(a => a.PlanId == planId).OrderBy(a => a.SortOrder).FirstAsync();
        var office = await db.Offices.OrderBy(o => o.Id).FirstAsync();
        var units = await db.Units.OrderBy(u => u.Id).Take(2).ToListAsync();
        var official = await db.Officials.OrderBy(o => o.Id).FirstAsync();
        return new Names(area.Id, area.Name, office.Id, office.ShortName, units[0].Id, units[0].Name, units[1].Id, units[1].Name, official.Name);
    });

    private Task<int> RenameAreaAsync(int areaId, string name) => app.WithDbAsync(async db =>
    {
        var area = await db.Areas.SingleAsync(a => a.Id == areaId);
        area.Update(name, area.SortOrder);
        return await db.SaveChangesAsync();
    });

    private Task<ReformTask> TaskAsync(int planId, string code) =>
        app.WithDbAsync(db => db.Tasks.AsNoTracking().Include(t => t.Cooperations).SingleAsync(t => t.PlanId == planId && t.Code == code));

    private Task<int> TaskCountAsync() => app.WithDbAsync(db => db.Tasks.IgnoreQueryFilters().CountAsync());

    /// <summary>Audit records of tasks and their cooperating units (signing in writes security events of its own).</summary>
    private Task<int> AuditCountAsync() => app.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.EntityType == "ReformTask" || r.EntityType == "TaskCooperation"));

    /// <summary>Every imported field, the version and the cooperating units of each task of the plan, as text.</summary>
    private Task<List<string>> SnapshotAsync(int planId) => app.WithDbAsync(async db =>
        (await db.Tasks.AsNoTracking().Include(t => t.Cooperations).Where(t => t.PlanId == planId).ToListAsync())
        .OrderBy(t => t.Id)
        .Select(t => string.Join('|', t.Id, t.Code, t.Title, t.Content, t.Target, t.WorkStandard, t.AreaId, t.OfficeId, t.LeadUnitId, t.LeadingOfficialId,
            t.StartDate, t.DueDate, t.Priority, t.IsKeyProject, t.PlannedTotalInvestment, t.PlannedAnnualInvestment, t.ConstructionState, t.Version,
            string.Join(',', t.Cooperations.Select(c => c.UnitId).Order())))
        .ToList());
}
