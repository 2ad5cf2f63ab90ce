using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.IntegrationTests;

/// <summary>The task list's searchable lead-unit filter, its scope, and the cached lists and counts behind the page.</summary>
public sealed class TaskListUnitFilterTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record Suggestion(int Id, string Name);

    [Fact]
    public async Task A_typed_unit_name_filters_the_list_and_stays_in_the_field()
    {
        var (unitName, codes) = await app.WithDbAsync(async db =>
        {
            var town = await db.Units.Where(u => u.Kind == UnitKind.Town && db.Tasks.Any(t => t.LeadUnitId == u.Id)).OrderBy(u => u.Id).FirstAsync();
            return (town.Name, await db.Tasks.Where(t => t.LeadUnitId == town.Id).OrderBy(t => t.Code).Select(t => t.Code).ToListAsync());
        });
        var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync($"/tasks?unitName={Uri.EscapeDataString(unitName)}&size=100");

        Assert.NotEmpty(codes);
        Assert.Equal(codes, page.QuerySelectorAll("[data-testid=task-table] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList());
        Assert.Equal(unitName, page.QuerySelector("#unitName")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("[data-testid=unit-error]"));
        Assert.Null(page.QuerySelector("select[name=unit]"));
        Assert.Contains("unit=", page.QuerySelector("[data-testid=export-link]")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_unit_name_is_refused_next_to_the_field_and_the_list_is_not_filtered()
    {
        var leader = app.CreateClientFor("leader");
        var all = await app.WithDbAsync(db => db.Tasks.CountAsync());

        var page = await leader.GetPageAsync("/tasks?unitName=%E6%97%A0%E6%AD%A4%E5%8D%95%E4%BD%8D&size=100");

        Assert.Equal("没有找到这个牵头单位，请从列表中选择", page.QuerySelector("[data-testid=unit-error]")!.TextContent.Trim());
        Assert.Contains("is-invalid", page.QuerySelector("#unitName")!.ClassName, StringComparison.Ordinal);
        Assert.Equal(Math.Min(all, 100), page.QuerySelectorAll("[data-testid=task-table] tbody tr").Length);
    }

    [Fact]
    public async Task The_search_suggests_matching_units_by_name()
    {
        var town = await app.WithDbAsync(db => db.Units.Where(u => u.Kind == UnitKind.Town).OrderBy(u => u.Id).FirstAsync());
        var leader = app.CreateClientFor("leader");

        var suggestions = await leader.GetFromJsonAsync<List<Suggestion>>($"/tasks/lead-units?q={Uri.EscapeDataString(town.Name[..2])}");

        Assert.NotNull(suggestions);
        Assert.Contains(suggestions, s => s.Id == town.Id && s.Name == town.Name);
        Assert.All(suggestions, s => Assert.Contains(town.Name[..2], s.Name, StringComparison.Ordinal));
        Assert.Empty((await leader.GetFromJsonAsync<List<Suggestion>>("/tasks/lead-units?q="))!);
    }

    [Fact]
    public async Task A_reporter_is_not_offered_and_cannot_filter_by_a_unit_whose_tasks_they_may_not_see()
    {
        var (ownUnit, foreign, visibleCount) = await app.WithDbAsync(async db =>
        {
            var reporter = await db.Users.SingleAsync(u => u.UserName == "town");
            var own = await db.Units.SingleAsync(u => u.Id == reporter.UnitId);
            var visibleLeads = await db.Tasks.Where(t => t.LeadUnitId == own.Id || t.Cooperations.Any(c => c.UnitId == own.Id)).Select(t => t.LeadUnitId).Distinct().ToListAsync();
            var outside = await db.Units.Where(u => !visibleLeads.Contains(u.Id) && db.Tasks.Any(t => t.LeadUnitId == u.Id)).OrderBy(u => u.Id).FirstAsync();
            var count = await db.Tasks.CountAsync(t => t.LeadUnitId == own.Id || t.Cooperations.Any(c => c.UnitId == own.Id));
            return (own, outside, count);
        });
        var town = app.CreateClientFor("town");

        var offered = await town.GetFromJsonAsync<List<Suggestion>>($"/tasks/lead-units?q={Uri.EscapeDataString(foreign.Name)}");
        var ownOffered = await town.GetFromJsonAsync<List<Suggestion>>($"/tasks/lead-units?q={Uri.EscapeDataString(ownUnit.Name)}");
        var byId = await town.GetPageAsync($"/tasks?unit={foreign.Id}&size=100");
        var byName = await town.GetPageAsync($"/tasks?unitName={Uri.EscapeDataString(foreign.Name)}&size=100");

        Assert.DoesNotContain(offered!, s => s.Id == foreign.Id);
        Assert.Contains(ownOffered!, s => s.Id == ownUnit.Id);
        foreach (var page in new[] { byId, byName })
        {
            Assert.NotNull(page.QuerySelector("[data-testid=unit-error]"));
            Assert.Equal($"共 {visibleCount} 项", page.QuerySelector("[data-testid=total-count]")!.TextContent.Trim());
            Assert.DoesNotContain(foreign.Name, page.QuerySelector("[data-testid=task-table] tbody")!.TextContent, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(foreign.Name, byId.QuerySelector("#unitName")!.GetAttribute("value") ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_endpoint_needs_a_signed_in_user_with_the_task_list()
    {
        using var anonymous = await app.CreateAnonymousClient().GetAsync(new Uri("/tasks/lead-units?q=a", UriKind.Relative));
        using var auditor = await app.CreateClientFor("auditor").GetAsync(new Uri("/tasks/lead-units?q=a", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, auditor.StatusCode);
    }

    [Fact]
    public async Task A_renamed_unit_and_a_renamed_office_show_at_once_although_their_lists_are_cached()
    {
        var leader = app.CreateClientFor("leader");
        var (unitId, officeId) = await app.WithDbAsync(async db => (
            await db.Units.Where(u => u.Kind == UnitKind.Town).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(),
            await db.Offices.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync()));
        await leader.GetPageAsync("/tasks");
        await leader.GetStringAsync(new Uri("/tasks/lead-units?q=%E9%95%87", UriKind.Relative));

        await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Id == unitId);
            unit.Update("缓存测试新名镇", unit.ShortName, unit.Kind, unit.ParentId, unit.SortOrder);
            var office = await db.Offices.SingleAsync(o => o.Id == officeId);
            office.Update("缓存测试专项办", "缓存简称", office.Duties, office.LeadingOfficialId);
            return await db.SaveChangesAsync();
        });

        var suggestions = await leader.GetFromJsonAsync<List<Suggestion>>("/tasks/lead-units?q=%E7%BC%93%E5%AD%98%E6%B5%8B%E8%AF%95");
        var page = await leader.GetPageAsync("/tasks");
        Assert.Contains(suggestions!, s => s.Id == unitId && s.Name == "缓存测试新名镇");
        Assert.Contains(page.QuerySelectorAll("#office option"), o => o.TextContent.Trim() == "缓存简称");
    }

    [Fact]
    public async Task The_count_of_a_filtered_list_follows_a_deleted_task_at_once_although_it_is_cached()
    {
        var leader = app.CreateClientFor("leader");
        var (officeId, before) = await app.WithDbAsync(async db =>
        {
            var office = await db.Offices.Where(o => db.Tasks.Count(t => t.OfficeId == o.Id) > 1).OrderBy(o => o.Id).FirstAsync();
            return (office.Id, await db.Tasks.CountAsync(t => t.OfficeId == office.Id));
        });
        var url = $"/tasks?office={officeId}";
        Assert.Equal($"共 {before} 项", (await leader.GetPageAsync(url)).QuerySelector("[data-testid=total-count]")!.TextContent.Trim());

        await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Where(t => t.OfficeId == officeId).OrderBy(t => t.Id).FirstAsync();
            task.MarkDeleted(DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        Assert.Equal($"共 {before - 1} 项", (await leader.GetPageAsync(url)).QuerySelector("[data-testid=total-count]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_page_of_rows_follows_a_saved_task_and_a_renamed_unit_at_once_although_it_is_kept()
    {
        var leader = app.CreateClientFor("leader");
        var (taskId, officeId, unitId) = await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Where(t => t.Status == ReformTracker.Web.Domain.Tasks.ReformTaskStatus.InProgress).OrderBy(t => t.Code).FirstAsync();
            return (task.Id, task.OfficeId, task.LeadUnitId);
        });
        var url = $"/tasks?office={officeId}&size=100";
        AngleSharp.Dom.IElement Row(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("[data-testid=task-table] tbody tr").Single(r => r.QuerySelector($"a[href='/tasks/{taskId}']") is not null);
        Assert.Equal("推进中", Row(await leader.GetPageAsync(url)).QuerySelector("td:last-child")!.TextContent.Trim());

        await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
            task.ChangeStatus(ReformTracker.Web.Domain.Tasks.ReformTaskStatus.Suspended, new DateOnly(2026, 11, 20));
            return await db.SaveChangesAsync();
        });
        var afterTask = Row(await leader.GetPageAsync(url));
        await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Id == unitId);
            unit.Update("缓存行测试单位", unit.ShortName, unit.Kind, unit.ParentId, unit.SortOrder);
            return await db.SaveChangesAsync();
        });
        var afterUnit = Row(await leader.GetPageAsync(url));

        Assert.Equal("已暂缓", afterTask.QuerySelector("td:last-child")!.TextContent.Trim());
        Assert.Equal("缓存行测试单位", afterUnit.QuerySelector("td:nth-child(5)")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_same_list_is_kept_apart_for_each_scope()
    {
        var unitId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId!.Value).SingleAsync());
        var (all, visible) = await app.WithDbAsync(async db => (
            await db.Tasks.OrderBy(t => t.Code).Take(100).Select(t => t.Id).ToListAsync(),
            await db.Tasks.Where(t => t.LeadUnitId == unitId || t.Cooperations.Any(c => c.UnitId == unitId)).OrderBy(t => t.Code).Take(100).Select(t => t.Id).ToListAsync()));
        static List<int> Ids(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("[data-testid=task-table] tbody tr td:first-child a").Select(a => int.Parse(a.GetAttribute("href")!["/tasks/".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var leaderPage = await app.CreateClientFor("leader").GetPageAsync("/tasks?size=100");
        var reporterPage = await app.CreateClientFor("reporter").GetPageAsync("/tasks?size=100");
        var leaderAgain = await app.CreateClientFor("leader").GetPageAsync("/tasks?size=100");

        Assert.NotEqual(all, visible);
        Assert.Equal(all, Ids(leaderPage));
        Assert.Equal(visible, Ids(reporterPage));
        Assert.Equal(all, Ids(leaderAgain));
    }
}
