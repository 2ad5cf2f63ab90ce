using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.IntegrationTests;

public sealed class SupervisionWorkspaceTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_supervisor_sees_exactly_the_open_flags_of_tasks_that_are_not_deleted()
    {
        await EvaluateAsync();
        var expected = await app.WithDbAsync(db => OpenFlagIdsAsync(db, null));
        using var supervisor = app.CreateClientFor("supervisor");

        var page = await supervisor.GetPageAsync("/supervision");

        Assert.NotEmpty(expected);
        var shown = page.QuerySelectorAll("[data-testid=flag]").Select(r => int.Parse(r.GetAttribute("data-flag-id")!, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(expected.Order().ToList(), shown);
        Assert.Equal(
            await app.WithDbAsync(db => db.Flags.CountAsync(f => f.ClosedAtUtc == null && f.Light == Light.Red && db.Tasks.Any(t => t.Id == f.TaskId))),
            int.Parse(page.QuerySelector("[data-testid=headline-open-red] [data-value]")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Filtering_by_rule_lists_only_flags_of_that_rule()
    {
        await EvaluateAsync();
        var expected = await app.WithDbAsync(db => OpenFlagIdsAsync(db, FlagRule.ReportMissing));
        using var supervisor = app.CreateClientFor("supervisor");

        var page = await supervisor.GetPageAsync("/supervision?rule=ReportMissing");

        Assert.NotEmpty(expected);
        var rows = page.QuerySelectorAll("[data-testid=flag]");
        Assert.All(rows, r => Assert.Equal(nameof(FlagRule.ReportMissing), r.GetAttribute("data-rule")));
        Assert.Equal(expected.Count, rows.Length);
        Assert.Contains("逾期未报", rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grouping_by_unit_shows_one_header_per_lead_unit_with_its_counts()
    {
        await EvaluateAsync();
        var expected = await app.WithDbAsync(async db =>
            (await (from f in db.Flags
                    join t in db.Tasks on f.TaskId equals t.Id
                    where f.ClosedAtUtc == null
                    select new { t.LeadUnitId, f.Light }).ToListAsync())
            .GroupBy(x => x.LeadUnitId)
            .ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => (g.Count(), g.Count(x => x.Light == Light.Red), g.Count(x => x.Light == Light.Yellow))));
        using var supervisor = app.CreateClientFor("supervisor");

        var page = await supervisor.GetPageAsync("/supervision?group=unit");

        var headers = page.QuerySelectorAll("[data-testid=group]").ToDictionary(
            g => g.GetAttribute("data-key")!,
            g => (Count(g, "data-count"), Count(g, "data-red"), Count(g, "data-yellow")));
        Assert.Equal(expected.OrderBy(p => p.Key), headers.OrderBy(p => p.Key));
        Assert.All(page.QuerySelectorAll("[data-testid=group]"), g => Assert.Equal(Count(g, "data-count"), g.QuerySelectorAll("[data-testid=flag]").Length));
    }

    [Fact]
    public async Task A_reviewer_sees_only_the_flags_of_its_own_office()
    {
        await EvaluateAsync();
        var (officeId, expected) = await app.WithDbAsync(async db =>
        {
            var office = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId!.Value).SingleAsync();
            var ids = await (from f in db.Flags
                             join t in db.Tasks on f.TaskId equals t.Id
                             where f.ClosedAtUtc == null && t.OfficeId == office
                             select f.Id).ToListAsync();
            return (office, ids);
        });
        using var reviewer = app.CreateClientFor("reviewer");

        var page = await reviewer.GetPageAsync("/supervision");

        Assert.NotEmpty(expected);
        var shown = page.QuerySelectorAll("[data-testid=flag]").Select(r => int.Parse(r.GetAttribute("data-flag-id")!, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(expected.Order().ToList(), shown);
        Assert.All(page.QuerySelectorAll("[data-testid=group]"), g => Assert.Equal(officeId.ToString(CultureInfo.InvariantCulture), g.GetAttribute("data-key")));

        var foreign = await app.WithDbAsync(db => (from f in db.Flags
                                                   join t in db.Tasks on f.TaskId equals t.Id
                                                   where t.OfficeId != officeId
                                                   select f.Id).FirstAsync());
        await reviewer.GetPageAsync($"/supervision/flags/{foreign}", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("reporter")]
    [InlineData("admin")]
    [InlineData("auditor")]
    public async Task Roles_without_the_workspace_permission_are_refused(string userName)
    {
        await EvaluateAsync();
        var flagId = await app.WithDbAsync(db => db.Flags.Select(f => f.Id).FirstAsync());
        using var client = app.CreateClientFor(userName);

        await client.GetPageAsync("/supervision", HttpStatusCode.Forbidden);
        await client.GetPageAsync($"/supervision/flags/{flagId}", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_flag_page_shows_its_reason_and_the_audit_row_of_its_creation()
    {
        await EvaluateAsync();
        var flag = await app.WithDbAsync(db => db.Flags.Where(f => f.ClosedAtUtc == null && db.Tasks.Any(t => t.Id == f.TaskId)).OrderBy(f => f.Id).FirstAsync());
        using var supervisor = app.CreateClientFor("supervisor");

        var page = await supervisor.GetPageAsync($"/supervision/flags/{flag.Id}");

        Assert.Equal(flag.Reason, page.QuerySelector("[data-testid=reason]")!.TextContent.Trim());
        var created = page.QuerySelectorAll("[data-testid=history-row]").Single(r => r.GetAttribute("data-action") == "Created");
        Assert.Contains(flag.Reason, created.TextContent, StringComparison.Ordinal);
        Assert.Contains("原因", created.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_flag_is_not_found()
    {
        using var supervisor = app.CreateClientFor("supervisor");

        await supervisor.GetPageAsync("/supervision/flags/987654", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/supervision?rule=zzz&light=9&office=abc&page=-1")]
    [InlineData("/supervision?rule=3&light=Green&unit=-5&group=nope&state=x&days=abc&page=99999")]
    public async Task Malformed_filters_still_show_the_workspace(string url)
    {
        await EvaluateAsync();
        var expected = await app.WithDbAsync(db => OpenFlagIdsAsync(db, null));
        using var supervisor = app.CreateClientFor("supervisor");

        var page = await supervisor.GetPageAsync(url);

        Assert.Equal(expected.Count, page.QuerySelectorAll("[data-testid=flag]").Length);
    }

    private static int Count(AngleSharp.Dom.IElement element, string attribute) =>
        int.Parse(element.GetAttribute(attribute)!, CultureInfo.InvariantCulture);

    private static Task<List<int>> OpenFlagIdsAsync(ReformTracker.Web.Data.AppDbContext db, FlagRule? rule) =>
        (from f in db.Flags
         join t in db.Tasks on f.TaskId equals t.Id
         where f.ClosedAtUtc == null && (rule == null || f.Rule == rule)
         select f.Id).ToListAsync();

    private async Task EvaluateAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync(null, CancellationToken.None);
    }
}
