using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.IntegrationTests;

public sealed class AuditTrailTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _admin = app.CreateBrowserlikeClient();

    [Fact]
    public async Task Editing_a_task_through_the_edit_page_records_who_changed_the_title_from_what_to_what()
    {
        var (id, oldTitle) = await AnyTaskAsync();
        var newTitle = Unique("审计测试任务");
        var before = await LastSequenceAsync();

        using var response = await _admin.SubmitFormAsync($"/tasks/{id}/edit", new Dictionary<string, string?> { ["Title"] = newTitle });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var record = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .SingleAsync(r => r.Sequence > before && r.EntityType == "ReformTask" && r.EntityId == Key(id)));
        Assert.Equal(AuditAction.Updated, record.Action);
        Assert.Equal("admin", record.UserName);
        Assert.False(string.IsNullOrWhiteSpace(record.CorrelationId));
        var title = Assert.Single(ChangesOf(record), c => c.F == "Title");
        Assert.Equal(oldTitle, title.O);
        Assert.Equal(newTitle, title.N);
    }

    [Fact]
    public async Task Creating_an_office_through_the_page_records_its_creation()
    {
        var name = Unique("审计办公室");
        var before = await LastSequenceAsync();

        using var response = await _admin.SubmitFormAsync("/offices/create", new Dictionary<string, string?> { ["Name"] = name, ["ShortName"] = "审计办" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var officeId = await app.WithDbAsync(db => db.Offices.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());
        var record = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .SingleAsync(r => r.Sequence > before && r.EntityType == "Office"));
        Assert.Equal(AuditAction.Created, record.Action);
        Assert.Equal(Key(officeId), record.EntityId);
        Assert.Equal("admin", record.UserName);
        Assert.Contains(ChangesOf(record), c => c.F == "Name" && c.O is null && c.N == name);
    }

    [Fact]
    public async Task Signing_in_a_wrong_password_and_an_unknown_user_name_are_all_recorded()
    {
        var before = await LastSequenceAsync();

        using (var good = await SignInAsync("leader", TestApp.DemoPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        }

        using (var wrong = await SignInAsync("supervisor", "not-the-password"))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using (var unknown = await SignInAsync("nobody-here", "whatever1"))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        }

        var records = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking().Where(r => r.Sequence > before && r.EntityType == "User").OrderBy(r => r.Sequence).ToListAsync());
        Assert.Contains(records, r => r.Action == AuditAction.SignedIn && r.UserName == "leader" && r.UserId != null);
        Assert.Contains(records, r => r.Action == AuditAction.SignInFailed && r.UserName == "supervisor");
        var unknownRecord = Assert.Single(records, r => r.UserName == "nobody-here");
        Assert.Equal(AuditAction.SignInFailed, unknownRecord.Action);
        Assert.Null(unknownRecord.UserId);
    }

    [Fact]
    public async Task After_changes_through_the_pages_the_auditor_finds_the_chain_intact()
    {
        var (id, _) = await AnyTaskAsync();
        using (var edit = await _admin.SubmitFormAsync($"/tasks/{id}/edit", new Dictionary<string, string?> { ["Target"] = "年底前全部完成（审计核验）" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        }

        using var auditor = app.CreateClientFor("auditor");
        var page = await auditor.GetPageAsync("/audit/verify");

        var count = await app.WithDbAsync(db => db.AuditRecords.CountAsync());
        var intact = page.QuerySelector("[data-testid=audit-intact]");
        Assert.NotNull(intact);
        Assert.Contains($"审计链完整：已核验 {count} 条记录", intact.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=audit-broken]"));
    }

    [Fact]
    public async Task The_database_triggers_refuse_to_update_or_delete_an_audit_record()
    {
        await LastSequenceAsync();
        await using var connection = new SqliteConnection(app.ConnectionString);
        await connection.OpenAsync();

        var update = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "UPDATE AuditRecords SET Changes = '[]' WHERE Sequence = 1"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "DELETE FROM AuditRecords WHERE Sequence = 1"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.True((await app.WithDbAsync(db => AdminCommands.VerifyAsync(db, CancellationToken.None))).IsIntact);
    }

    [Fact]
    public async Task The_application_refuses_to_save_a_modified_or_removed_audit_record()
    {
        await app.WithDbAsync(async db =>
        {
            var record = await db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).FirstAsync();
            db.Attach(record);
            db.Entry(record).Property(r => r.Changes).CurrentValue = "[]";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            return 0;
        });

        await app.WithDbAsync(async db =>
        {
            var record = await db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).FirstAsync();
            db.AuditRecords.Remove(record);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            return 0;
        });

        Assert.True((await app.WithDbAsync(db => AdminCommands.VerifyAsync(db, CancellationToken.None))).IsIntact);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("leader")]
    [InlineData("reporter")]
    [InlineData("supervisor")]
    public async Task Only_the_auditor_may_read_the_audit_log(string userName)
    {
        using var client = app.CreateClientFor(userName);
        using var refused = await client.GetAsync(new Uri("/audit", UriKind.Relative));
        using var refusedVerify = await client.GetAsync(new Uri("/audit/verify", UriKind.Relative));
        using var auditor = app.CreateClientFor("auditor");
        using var allowed = await auditor.GetAsync(new Uri("/audit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedVerify.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page()
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.GetAsync(new Uri("/audit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_route_writes_to_the_audit_log()
    {
        using var auditor = app.CreateClientFor("auditor");
        var token = (await auditor.GetPageAsync("/account/password")).AntiforgeryToken()!;
        var before = await app.WithDbAsync(db => db.AuditRecords.CountAsync());

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            foreach (var url in new[] { "/audit", "/audit/verify", "/audit/1", "/audit/1/delete", "/audit/1/edit" })
            {
                using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative))
                {
                    Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
                };
                using var response = await auditor.SendAsync(request);
                Assert.True(
                    response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
                    $"{method} {url} answered {(int)response.StatusCode}");
            }
        }

        Assert.Equal(before, await app.WithDbAsync(db => db.AuditRecords.CountAsync()));
    }

    [Fact]
    public async Task The_log_shows_a_change_in_district_time_with_its_fields_and_filters_by_user_action_type_and_id()
    {
        var (id, oldTitle) = await AnyTaskAsync();
        var newTitle = Unique("筛选测试任务");
        using (var edit = await _admin.SubmitFormAsync($"/tasks/{id}/edit", new Dictionary<string, string?> { ["Title"] = newTitle }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        }

        var sequence = await app.WithDbAsync(db => db.AuditRecords
            .Where(r => r.EntityType == "ReformTask" && r.EntityId == Key(id) && r.Action == AuditAction.Updated).MaxAsync(r => r.Sequence));
        using var auditor = app.CreateClientFor("auditor");
        var today = DateOnly.FromDateTime(app.Clock.Now.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = await auditor.GetPageAsync($"/audit?from={today}&to={today}&user=adm&action=Updated&type=ReformTask&entity={id}");

        var rows = page.QuerySelectorAll("[data-testid=audit-table] tbody tr");
        var row = Assert.Single(rows, r => r.GetAttribute("data-sequence") == Key(sequence));
        Assert.All(rows, r => Assert.Equal("admin", r.QuerySelector("[data-testid=user]")!.TextContent.Trim()));
        Assert.All(rows, r => Assert.Equal("Updated", r.QuerySelector("[data-testid=action]")!.GetAttribute("data-action")));
        Assert.Equal("2026-11-23 10:00:00", row.QuerySelector("[data-testid=time]")!.TextContent.Trim());
        Assert.Equal("修改", row.QuerySelector("[data-testid=action]")!.TextContent.Trim());
        Assert.Equal($"任务 {id}", row.QuerySelector("[data-testid=entity]")!.TextContent.Trim());
        Assert.Contains($"任务名称: {oldTitle} → {newTitle}", row.QuerySelector("[data-testid=changes]")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual("—", row.QuerySelector("[data-testid=correlation]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#type option[value=ReformTask][selected]"));
        Assert.NotNull(page.QuerySelector("#action option[value=Updated][selected]"));

        var otherDay = await auditor.GetPageAsync($"/audit?from=2026-11-24&entity={id}");
        Assert.NotNull(otherDay.QuerySelector("[data-testid=empty]"));
        var otherUser = await auditor.GetPageAsync($"/audit?user=reporter&type=ReformTask&entity={id}");
        Assert.NotNull(otherUser.QuerySelector("[data-testid=empty]"));
    }

    [Fact]
    public async Task The_log_is_newest_first_and_paged()
    {
        using var auditor = app.CreateClientFor("auditor");
        var total = await app.WithDbAsync(db => db.AuditRecords.CountAsync());
        var newest = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => r.Sequence));

        var first = await auditor.GetPageAsync("/audit?size=10");
        var second = await auditor.GetPageAsync("/audit?size=10&page=2");

        var firstSequences = first.QuerySelectorAll("[data-testid=audit-table] tbody tr").Select(r => long.Parse(r.GetAttribute("data-sequence")!, CultureInfo.InvariantCulture)).ToList();
        var secondSequences = second.QuerySelectorAll("[data-testid=audit-table] tbody tr").Select(r => long.Parse(r.GetAttribute("data-sequence")!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(total > 20, $"only {total} records");
        Assert.Equal(10, firstSequences.Count);
        Assert.True(firstSequences[0] >= newest);
        Assert.Equal(firstSequences.OrderDescending(), firstSequences);
        Assert.True(secondSequences[0] < firstSequences[^1]);
        Assert.NotNull(first.QuerySelector("a[rel=next]"));
        Assert.NotNull(first.QuerySelector("a[data-testid=verify-link][href='/audit/verify']"));
    }

    [Theory]
    [InlineData("/audit?from=2026-13-45&to=yesterday")]
    [InlineData("/audit?from=0001-01-01&to=9999-12-31")]
    [InlineData("/audit?action=Nonsense&type=&entity=%00")]
    [InlineData("/audit?action=99&page=abc&size=-3")]
    [InlineData("/audit?page=999999999&size=99999999999")]
    [InlineData("/audit?user=%27%20OR%201%3D1--&type=%3Cscript%3E")]
    public async Task Malformed_filter_values_never_cause_an_error(string url)
    {
        using var auditor = app.CreateClientFor("auditor");

        var page = await auditor.GetPageAsync(url);

        Assert.NotNull(page.QuerySelector("form[action='/audit']"));
    }

    [Fact]
    public async Task The_task_page_tells_its_change_history_in_plain_Chinese()
    {
        var (id, oldTitle) = await AnyTaskAsync();
        var critical = await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.Priority == TaskPriority.Critical).SingleAsync());
        var newTitle = Unique("历史测试任务");
        var newPriority = critical ? (TaskPriority.Normal, "一般") : (TaskPriority.Critical, "重中之重");
        using (var edit = await _admin.SubmitFormAsync($"/tasks/{id}/edit", new Dictionary<string, string?> { ["Title"] = newTitle, ["Priority"] = newPriority.Item1.ToString() }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        }

        using var leader = app.CreateClientFor("leader");
        var page = await leader.GetPageAsync($"/tasks/{id}");

        var history = page.QuerySelector("[data-testid=task-history]");
        Assert.NotNull(history);
        var entries = history.QuerySelectorAll("li").Select(li => Normalise(li.TextContent)).ToList();
        Assert.Contains(Normalise($"2026-11-23 10:00 admin 修改了 任务名称：{oldTitle} → {newTitle}"), entries);
        Assert.Contains(entries, e => e.Contains("admin 修改了 优先级：", StringComparison.Ordinal) && e.EndsWith("→ " + newPriority.Item2, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("system 创建了任务「", StringComparison.Ordinal));
        var first = history.QuerySelectorAll("li").Select(li => long.Parse(li.GetAttribute("data-sequence")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(first.OrderDescending(), first);
    }

    [Fact]
    public async Task The_task_history_names_units_and_keeps_milestones_that_were_removed()
    {
        var (id, _) = await AnyTaskAsync();
        var refs = await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Include(t => t.Cooperations).SingleAsync(t => t.Id == id);
            var unit = await db.Units.Where(u => u.Id != task.LeadUnitId && !task.Cooperations.Select(c => c.UnitId).Contains(u.Id)).OrderBy(u => u.Id).FirstAsync();
            return new { UnitId = unit.Id, UnitName = unit.Name };
        });
        var milestone = Unique("审计节点");
        var blank = (await _admin.GetPageAsync($"/tasks/{id}/edit")).QuerySelectorAll("input[name^='Milestones['][name$='.Title']")
            .First(i => string.IsNullOrEmpty(i.GetAttribute("value"))).GetAttribute("name")!.Replace(".Title", string.Empty, StringComparison.Ordinal);

        using (var add = await _admin.SubmitFormAsync($"/tasks/{id}/edit", new Dictionary<string, string?>
        {
            ["CooperatingUnitIds"] = null,
            [$"{blank}.Title"] = milestone,
            [$"{blank}.PlannedDate"] = "2026-12-15",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        }

        var milestoneId = await app.WithDbAsync(db => db.Milestones.Where(m => m.Title == milestone).Select(m => m.Id).SingleAsync());
        var editPage = await _admin.GetPageAsync($"/tasks/{id}/edit");
        var row = editPage.QuerySelectorAll("input[name$='.Id']").Single(i => i.GetAttribute("value") == Key(milestoneId)).GetAttribute("name")!.Replace(".Id", string.Empty, StringComparison.Ordinal);
        using (var remove = await _admin.SubmitFormAsync($"/tasks/{id}/edit", new Dictionary<string, string?>
        {
            [$"{row}.Remove"] = "true",
            ["CooperatingUnitIds"] = Key(refs.UnitId),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Milestones.IgnoreQueryFilters().AnyAsync(m => m.Id == milestoneId)));
        var text = (await _admin.GetPageAsync($"/tasks/{id}")).QuerySelector("[data-testid=task-history]")!.TextContent;
        Assert.Contains($"新增了节点「{milestone}」，计划日期 2026-12-15", text, StringComparison.Ordinal);
        Assert.Contains($"删除了节点「{milestone}」", text, StringComparison.Ordinal);
        Assert.Contains($"新增了配合单位 {refs.UnitName}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_request_is_recorded_with_the_name_of_the_user_who_made_it()
    {
        var before = await LastSequenceAsync();
        using var reporter = app.CreateClientFor("reporter");

        using var response = await reporter.GetAsync(new Uri("/offices/create", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var record = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .SingleAsync(r => r.Sequence > before && r.Action == AuditAction.AccessDenied));
        Assert.Equal("reporter", record.UserName);
        Assert.NotNull(record.UserId);
        Assert.Equal("Request", record.EntityType);
        Assert.Equal("GET /offices/create", record.EntityId);
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Unique(string text) => $"{text}-{Guid.NewGuid():N}"[..(text.Length + 9)];

    private static List<FieldChange> ChangesOf(AuditRecord record) => JsonSerializer.Deserialize<List<FieldChange>>(record.Changes)!;

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private Task<long> LastSequenceAsync() => app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => r.Sequence));

    private Task<(int Id, string Title)> AnyTaskAsync() => app.WithDbAsync(async db =>
    {
        var task = await db.Tasks.AsNoTracking().OrderBy(t => t.Id).Skip(Random.Shared.Next(0, 20)).FirstAsync();
        return (task.Id, task.Title);
    });

    private async Task<HttpResponseMessage> SignInAsync(string userName, string password)
    {
        using var client = app.CreateAnonymousClient();
        return await client.SubmitFormAsync("/account/login", new Dictionary<string, string?> { ["UserName"] = userName, ["Password"] = password }, "form[data-testid=login-form]");
    }

    /// <summary>Each test here breaks the chain on purpose, so each runs over a database of its own.</summary>
    public sealed class Tampering
    {
        [Fact]
        public async Task Changing_the_text_of_one_record_is_reported_at_that_record()
        {
            await using var app = new TestApp();
            using var auditor = app.CreateClientFor("auditor");
            await auditor.GetPageAsync("/audit");
            var target = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => r.Sequence)) / 2;

            await TamperAsync(app, $"UPDATE AuditRecords SET Changes = '[{{\"F\":\"Title\",\"O\":null,\"N\":\"改过的\"}}]' WHERE Sequence = {target}");

            var page = await auditor.GetPageAsync("/audit/verify");
            var broken = page.QuerySelector("[data-testid=audit-broken]");
            Assert.NotNull(broken);
            Assert.Null(page.QuerySelector("[data-testid=audit-intact]"));
            Assert.Contains($"第 {target} 条", broken.TextContent, StringComparison.Ordinal);
            Assert.Contains("记录被改动", broken.TextContent, StringComparison.Ordinal);
            var verification = await app.WithDbAsync(db => AdminCommands.VerifyAsync(db, CancellationToken.None));
            Assert.False(verification.IsIntact);
            Assert.Equal(target, verification.FirstBrokenSequence);
            Assert.Equal(target - 1, verification.CheckedCount);

            var log = await auditor.GetPageAsync($"/audit?size=100&page={(await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => r.Sequence)) - target) / 100 + 1}");
            Assert.Contains("改过的", log.QuerySelector($"tr[data-sequence='{target}']")!.TextContent, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Deleting_the_last_record_is_reported_because_the_head_row_disagrees()
        {
            await using var app = new TestApp();
            using var auditor = app.CreateClientFor("auditor");
            await auditor.GetPageAsync("/audit");
            var last = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => r.Sequence));

            await TamperAsync(app, $"DELETE FROM AuditRecords WHERE Sequence = {last}");

            var page = await auditor.GetPageAsync("/audit/verify");
            var broken = page.QuerySelector("[data-testid=audit-broken]");
            Assert.NotNull(broken);
            Assert.Equal(last.ToString(CultureInfo.InvariantCulture), broken.GetAttribute("data-sequence"));
            Assert.Contains($"第 {last} 条", broken.TextContent, StringComparison.Ordinal);
            var verification = await app.WithDbAsync(db => AdminCommands.VerifyAsync(db, CancellationToken.None));
            Assert.False(verification.IsIntact);
            Assert.Equal(last, verification.FirstBrokenSequence);
        }

        private static async Task TamperAsync(TestApp app, string sql)
        {
            await using var connection = new SqliteConnection(app.ConnectionString);
            await connection.OpenAsync();
            await ExecuteAsync(connection, "DROP TRIGGER AuditRecords_NoUpdate; DROP TRIGGER AuditRecords_NoDelete;");
            await ExecuteAsync(connection, sql);
        }
    }
}
