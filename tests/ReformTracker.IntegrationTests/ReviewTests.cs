using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.IntegrationTests;

public sealed class ReviewTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>The month the demo data leaves half-reviewed; its cut-off (2026-11-05) has passed on the test clock's 2026-11-23.</summary>
    private static readonly YearMonth LastMonth = new(2026, 10);

    /// <summary>The open period on 2026-11-23; the demo data has no reports for it, so tests file their own.</summary>
    private static readonly YearMonth OpenMonth = new(2026, 11);

    private readonly HttpClient _reviewer = app.CreateClientFor("reviewer");

    [Fact]
    public async Task The_queue_lists_exactly_the_submitted_reports_of_the_reviewers_office_oldest_first_with_last_months_percent()
    {
        var mine = await NewSubmittedReportAsync(reviewersOffice: true, withAcceptedPrevious: true, submittedUtc: new DateTime(2026, 11, 2, 1, 0, 0, DateTimeKind.Utc));
        var later = await NewSubmittedReportAsync(reviewersOffice: true, submittedUtc: new DateTime(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc));
        var theirs = await NewSubmittedReportAsync(reviewersOffice: false);
        var office = await ReviewerOfficeAsync();
        var expected = await app.WithDbAsync(async db =>
            (await (from r in db.Reports
                    join t in db.Tasks on r.TaskId equals t.Id
                    where r.Status == ReportStatus.Submitted && t.OfficeId == office
                    select new { r.Id, r.SubmittedAtUtc }).ToListAsync())
                .OrderBy(r => r.SubmittedAtUtc).ThenBy(r => r.Id).Select(r => r.Id).ToList());

        var page = await _reviewer.GetPageAsync("/review");

        var rows = page.QuerySelectorAll("[data-testid=review-queue] tbody tr").ToList();
        Assert.Equal(expected, rows.Select(r => int.Parse(r.GetAttribute("data-report-id")!, CultureInfo.InvariantCulture)).ToList());
        Assert.DoesNotContain(theirs.ReportId, expected);
        Assert.True(expected.IndexOf(mine.ReportId) < expected.IndexOf(later.ReportId));
        var submittedTimes = rows.Select(r => r.QuerySelector("[data-testid=submitted-at]")!.TextContent.Trim()).ToList();
        Assert.Equal(submittedTimes.Order(StringComparer.Ordinal).ToList(), submittedTimes);

        var previousMonth = mine.Period.Previous;
        var previousPercent = await app.WithDbAsync(db => db.Reports
            .Where(r => r.TaskId == mine.TaskId && r.Period == previousMonth && r.Status == ReportStatus.Accepted)
            .Select(r => r.PercentComplete).SingleAsync());
        var row = rows.Single(r => r.GetAttribute("data-report-id") == Key(mine.ReportId));
        Assert.Equal($"{previousPercent}%", row.QuerySelector("[data-testid=percent-before]")!.TextContent.Trim());
        Assert.Equal($"{mine.Percent}%", row.QuerySelector("[data-testid=percent-after]")!.TextContent.Trim());
        Assert.Equal($"+{mine.Percent - previousPercent}", row.QuerySelector("[data-testid=percent-delta]")!.TextContent.Trim());
        Assert.NotNull(row.QuerySelector($"a[href='/tasks/{mine.TaskId}']"));
        Assert.NotNull(row.QuerySelector("input[type=checkbox][name=ids][value='" + Key(mine.ReportId) + "']"));
    }

    [Fact]
    public async Task The_queue_filters_by_period_and_lead_unit_and_ignores_malformed_values()
    {
        var mine = await NewSubmittedReportAsync(reviewersOffice: true);
        var unit = await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == mine.TaskId).Select(t => t.LeadUnitId).SingleAsync());

        var filtered = await _reviewer.GetPageAsync($"/review?period={mine.Period}&unit={unit}");
        var malformed = await _reviewer.GetPageAsync("/review?period=abc&unit=xyz");

        var rows = filtered.QuerySelectorAll("[data-testid=review-queue] tbody tr").ToList();
        Assert.Contains(rows, r => r.GetAttribute("data-report-id") == Key(mine.ReportId));
        Assert.All(rows, r => Assert.Equal(mine.Period.ToString(), r.GetAttribute("data-period")));
        Assert.Contains(malformed.QuerySelectorAll("[data-testid=review-queue] tbody tr"), r => r.GetAttribute("data-report-id") == Key(mine.ReportId));
    }

    [Fact]
    public async Task Accepting_a_report_moves_the_tasks_progress_and_last_reported_period_and_is_audited()
    {
        var report = await NewSubmittedReportAsync(reviewersOffice: true);
        var before = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => (long?)r.Sequence)) ?? 0;

        using var response = await _reviewer.SubmitFormAsync($"/review/{report.ReportId}", new Dictionary<string, string?>(), "form[data-testid=accept-form]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/review", response.Headers.Location?.OriginalString);
        var (stored, task) = await LoadAsync(report);
        Assert.Equal(ReportStatus.Accepted, stored.Status);
        Assert.Equal("reviewer", stored.ReviewedBy);
        Assert.Equal(report.Percent, task.PercentComplete);
        Assert.Equal(report.Period, task.LastReportedPeriod);

        var records = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking().Where(r => r.Sequence > before).ToListAsync());
        var audit = Assert.Single(records, r => r.EntityType == nameof(MonthlyReport) && r.EntityId == Key(report.ReportId));
        Assert.Equal(AuditAction.Updated, audit.Action);
        Assert.Equal("reviewer", audit.UserName);
        Assert.Contains(ChangesOf(audit), c => c.F == nameof(MonthlyReport.Status) && c.O == "Submitted" && c.N == "Accepted");
        Assert.Contains(records, r => r.EntityType == nameof(ReformTask) && r.EntityId == Key(report.TaskId));

        var queue = await _reviewer.GetPageAsync("/review");
        Assert.Contains("已通过", queue.QuerySelector("[data-testid=flash]")?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(queue.QuerySelectorAll("[data-testid=review-queue] tbody tr"), r => r.GetAttribute("data-report-id") == Key(report.ReportId));
    }

    [Fact]
    public async Task Returning_without_a_comment_shows_the_error_beside_the_comment_box_and_changes_nothing()
    {
        var report = await NewSubmittedReportAsync(reviewersOffice: true);
        var (before, _) = await LoadAsync(report);

        using var response = await _reviewer.SubmitFormAsync($"/review/{report.ReportId}", new Dictionary<string, string?> { ["Comment"] = "   " }, "form[data-testid=return-form]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Equal("退回时须填写退回意见", page.QuerySelector("[data-testid=comment-error]")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("form[data-testid=return-form] textarea[name=Comment].is-invalid"));
        var (after, _) = await LoadAsync(report);
        Assert.Equal(ReportStatus.Submitted, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.ReturnCount, after.ReturnCount);
        Assert.Null(after.ReviewedBy);
    }

    [Fact]
    public async Task Returning_with_a_comment_sends_the_report_back_with_that_comment()
    {
        var report = await NewSubmittedReportAsync(reviewersOffice: true);
        var (before, taskBefore) = await LoadAsync(report);
        const string comment = "本月完成投资与进度不符，请补充佐证材料后重报";

        using var response = await _reviewer.SubmitFormAsync($"/review/{report.ReportId}", new Dictionary<string, string?> { ["Comment"] = comment }, "form[data-testid=return-form]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (after, taskAfter) = await LoadAsync(report);
        Assert.Equal(ReportStatus.Returned, after.Status);
        Assert.Equal(comment, after.ReviewComment);
        Assert.Equal(before.ReturnCount + 1, after.ReturnCount);
        Assert.Equal("reviewer", after.ReviewedBy);
        Assert.Equal(taskBefore.PercentComplete, taskAfter.PercentComplete);
        Assert.Equal(taskBefore.LastReportedPeriod, taskAfter.LastReportedPeriod);
    }

    [Fact]
    public async Task Bulk_accept_accepts_only_the_reviewers_submitted_reports_and_says_what_it_skipped()
    {
        var valid = await NewSubmittedReportAsync(reviewersOffice: true);
        var otherOffice = await NewSubmittedReportAsync(reviewersOffice: false);
        var office = await ReviewerOfficeAsync();
        var alreadyAccepted = await app.WithDbAsync(db => (from r in db.Reports
                                                            join t in db.Tasks on r.TaskId equals t.Id
                                                            where t.OfficeId == office && r.Status == ReportStatus.Accepted
                                                            orderby r.Id
                                                            select new { r.Id, r.ReviewedAtUtc, r.Version }).FirstAsync());
        var token = (await _reviewer.GetPageAsync("/review")).AntiforgeryToken()!;

        using var response = await _reviewer.PostAsync("/review/accept",
        [
            new("__RequestVerificationToken", token),
            new("ids", Key(valid.ReportId)),
            new("ids", Key(otherOffice.ReportId)),
            new("ids", Key(alreadyAccepted.Id)),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (validAfter, validTask) = await LoadAsync(valid);
        var (otherAfter, _) = await LoadAsync(otherOffice);
        Assert.Equal(ReportStatus.Accepted, validAfter.Status);
        Assert.Equal(valid.Percent, validTask.PercentComplete);
        Assert.Equal(ReportStatus.Submitted, otherAfter.Status);
        var acceptedAfter = await app.WithDbAsync(db => db.Reports.Where(r => r.Id == alreadyAccepted.Id).Select(r => new { r.ReviewedAtUtc, r.Version }).SingleAsync());
        Assert.Equal(alreadyAccepted.ReviewedAtUtc, acceptedAfter.ReviewedAtUtc);
        Assert.Equal(alreadyAccepted.Version, acceptedAfter.Version);

        var flash = (await _reviewer.GetPageAsync("/review")).QuerySelector("[data-testid=flash]")?.TextContent;
        Assert.Contains("已通过 1 份月报", flash, StringComparison.Ordinal);
        Assert.Contains("跳过 2 份", flash, StringComparison.Ordinal);
        Assert.Contains("1 份已不是待审核状态", flash, StringComparison.Ordinal);
        Assert.Contains("1 份不存在或不属于本专项办审核", flash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepting_a_report_that_is_no_longer_submitted_is_refused_with_a_message()
    {
        var office = await ReviewerOfficeAsync();
        var accepted = await app.WithDbAsync(db => (from r in db.Reports
                                                     join t in db.Tasks on r.TaskId equals t.Id
                                                     where t.OfficeId == office && r.Status == ReportStatus.Accepted
                                                     orderby r.Id descending
                                                     select new { r.Id, r.Version }).FirstAsync());
        var token = (await _reviewer.GetPageAsync($"/review/{accepted.Id}")).AntiforgeryToken()!;

        using var accept = await _reviewer.PostAsync($"/review/{accepted.Id}/accept", [new("__RequestVerificationToken", token)]);
        using var returned = await _reviewer.PostAsync($"/review/{accepted.Id}/return", [new("__RequestVerificationToken", token), new("Comment", "请补充")]);

        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        var page = await _reviewer.GetPageAsync($"/review/{accepted.Id}");
        Assert.Contains("不在待审核之列", page.QuerySelector("[data-testid=flash-error]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[data-testid=accept-form]"));
        Assert.Equal(accepted.Version, await app.WithDbAsync(db => db.Reports.Where(r => r.Id == accepted.Id).Select(r => r.Version).SingleAsync()));
    }

    [Fact]
    public async Task A_report_of_another_office_is_not_found_for_the_reviewer_and_stays_as_it_was()
    {
        var theirs = await NewSubmittedReportAsync(reviewersOffice: false);
        var token = (await _reviewer.GetPageAsync("/review")).AntiforgeryToken()!;

        await _reviewer.GetPageAsync($"/review/{theirs.ReportId}", HttpStatusCode.NotFound);
        using var accept = await _reviewer.PostAsync($"/review/{theirs.ReportId}/accept", [new("__RequestVerificationToken", token)]);
        using var returned = await _reviewer.PostAsync($"/review/{theirs.ReportId}/return", [new("__RequestVerificationToken", token), new("Comment", "越权退回")]);
        using var emptyReturn = await _reviewer.PostAsync($"/review/{theirs.ReportId}/return", [new("__RequestVerificationToken", token), new("Comment", "")]);

        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, returned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, emptyReturn.StatusCode);
        var (after, _) = await LoadAsync(theirs);
        Assert.Equal(ReportStatus.Submitted, after.Status);
        Assert.Null(after.ReviewedBy);
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("supervisor")]
    [InlineData("reporter")]
    [InlineData("admin")]
    public async Task Users_who_do_not_review_are_forbidden_the_queue_and_every_review_action(string userName)
    {
        var office = await ReviewerOfficeAsync();
        var report = await app.WithDbAsync(db => (from r in db.Reports
                                                   join t in db.Tasks on r.TaskId equals t.Id
                                                   where t.OfficeId == office
                                                   orderby r.Status == ReportStatus.Submitted descending, r.Id
                                                   select new { r.Id, r.Version }).FirstAsync());
        using var client = app.CreateClientFor(userName);
        var token = (await client.GetPageAsync("/account/password")).AntiforgeryToken()!;

        await client.GetPageAsync("/review", HttpStatusCode.Forbidden);
        await client.GetPageAsync($"/review/{report.Id}", HttpStatusCode.Forbidden);
        using var accept = await client.PostAsync($"/review/{report.Id}/accept", [new("__RequestVerificationToken", token)]);
        using var returned = await client.PostAsync($"/review/{report.Id}/return", [new("__RequestVerificationToken", token), new("Comment", "退回")]);
        using var bulk = await client.PostAsync("/review/accept", [new("__RequestVerificationToken", token), new("ids", Key(report.Id))]);

        Assert.Equal(HttpStatusCode.Forbidden, accept.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, returned.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode);
        Assert.Equal(report.Version, await app.WithDbAsync(db => db.Reports.Where(r => r.Id == report.Id).Select(r => r.Version).SingleAsync()));
    }

    [Fact]
    public async Task The_leaders_matrix_has_one_row_per_lead_unit_and_marks_a_unit_with_a_missing_report_last_month_overdue()
    {
        var tasks = await app.WithDbAsync(db => db.Tasks.AsNoTracking().ToListAsync());
        var filed = await app.WithDbAsync(db => db.Reports.Where(r => r.Period == LastMonth && r.Status != ReportStatus.Draft).Select(r => r.TaskId).ToListAsync());
        var unitWithMissing = tasks
            .Where(t => ReportObligation.IsDue(t, LastMonth) && !filed.Contains(t.Id))
            .Select(t => t.LeadUnitId)
            .First();
        using var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync("/reports/matrix");

        var rows = page.QuerySelectorAll("[data-testid=matrix] tbody tr").ToList();
        var unitIds = rows.Select(r => int.Parse(r.GetAttribute("data-unit-id")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(tasks.Select(t => t.LeadUnitId).Distinct().Order(), unitIds.Order());
        Assert.Equal(unitIds.Count, unitIds.Distinct().Count());
        Assert.Equal(6, page.QuerySelectorAll("[data-testid=matrix] thead th[data-period]").Length);
        Assert.Equal(OpenMonth.ToString(), page.QuerySelectorAll("[data-testid=matrix] thead th[data-period]")[^1].GetAttribute("data-period"));

        var cell = rows.Single(r => r.GetAttribute("data-unit-id") == Key(unitWithMissing)).QuerySelector($"td[data-period='{LastMonth}']")!;
        Assert.Equal("逾期未报", cell.QuerySelector("[data-testid=cell-state]")?.TextContent.Trim());
        var link = cell.QuerySelector("a") as IHtmlAnchorElement;
        Assert.Equal($"/tasks?unit={unitWithMissing}", link?.GetAttribute("href"));
        Assert.Contains("未报", link?.GetAttribute("title"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=legend]"));
    }

    [Fact]
    public async Task The_reviewers_matrix_lists_only_the_lead_units_of_its_offices_tasks()
    {
        var office = await ReviewerOfficeAsync();
        var expected = await app.WithDbAsync(db => db.Tasks.Where(t => t.OfficeId == office).Select(t => t.LeadUnitId).Distinct().ToListAsync());

        var page = await _reviewer.GetPageAsync("/reports/matrix?months=3");

        var unitIds = page.QuerySelectorAll("[data-testid=matrix] tbody tr").Select(r => int.Parse(r.GetAttribute("data-unit-id")!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.Order(), unitIds.Order());
        Assert.Equal(3, page.QuerySelectorAll("[data-testid=matrix] thead th[data-period]").Length);
    }

    [Fact]
    public async Task Malformed_matrix_query_values_still_answer_and_only_monitors_may_open_the_matrix()
    {
        using var leader = app.CreateClientFor("leader");
        using var reporter = app.CreateClientFor("reporter");

        await leader.GetPageAsync("/reports/matrix?months=abc&plan=-1");
        await leader.GetPageAsync("/reports/matrix?months=999&plan=abc");
        await _reviewer.GetPageAsync("/reports/matrix?months=-5");
        await reporter.GetPageAsync("/reports/matrix", HttpStatusCode.Forbidden);
    }

    private sealed record Arranged(int ReportId, int TaskId, YearMonth Period, int Percent);

    /// <summary>
    /// Files a fresh submitted report on a task of the reviewer's office (or another one) for the open month, or for a later
    /// month once every task has one: each test reviews its own report.
    /// </summary>
    private Task<Arranged> NewSubmittedReportAsync(bool reviewersOffice, bool withAcceptedPrevious = false, DateTime? submittedUtc = null) =>
        app.WithDbAsync(async db =>
        {
            var office = await OfficeOfReviewerAsync(db);
            var period = OpenMonth;
            for (var attempt = 0; attempt < 6; attempt++, period = period.Next)
            {
                var month = period;
                var candidates = db.Tasks.Where(t => (t.OfficeId == office) == reviewersOffice
                    && t.PercentComplete < 90
                    && !db.Reports.Any(r => r.TaskId == t.Id && r.Period == month));
                if (withAcceptedPrevious)
                {
                    var previous = month.Previous;
                    candidates = candidates.Where(t => db.Reports.Any(r => r.TaskId == t.Id && r.Period == previous && r.Status == ReportStatus.Accepted));
                }

                var task = await candidates.OrderBy(t => t.Id).FirstOrDefaultAsync();
                if (task is null)
                {
                    continue;
                }

                var percent = task.PercentComplete + 6;
                var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, month);
                report.Fill($"{task.Code} 本月推进情况（测试）", percent, null, task.IsKeyProject ? 120m : null, task.ConstructionState);
                report.AddProblem("测试问题", "测试措施", task.LeadUnitId, new DateOnly(2026, 12, 31));
                report.Submit(submittedUtc ?? new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc), "reporter");
                db.Reports.Add(report);
                await db.SaveChangesAsync();
                return new Arranged(report.Id, task.Id, month, percent);
            }

            throw new InvalidOperationException("No task left to file a test report on.");
        });

    private Task<int> ReviewerOfficeAsync() => app.WithDbAsync(OfficeOfReviewerAsync);

    private static async Task<int> OfficeOfReviewerAsync(AppDbContext db) =>
        (await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync())!.Value;

    private Task<(MonthlyReport Report, ReformTask Task)> LoadAsync(Arranged arranged) =>
        app.WithDbAsync(async db => (
            await db.Reports.AsNoTracking().SingleAsync(r => r.Id == arranged.ReportId),
            await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == arranged.TaskId)));

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static List<FieldChange> ChangesOf(AuditRecord record) => JsonSerializer.Deserialize<List<FieldChange>>(record.Changes)!;
}
