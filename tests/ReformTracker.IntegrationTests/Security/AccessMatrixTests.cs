using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Tasks;
using Xunit.Abstractions;

namespace ReformTracker.IntegrationTests.Security;

/// <summary>
/// Every demo role against every kind of page, through HTTP: what its permissions allow answers, what they do not is refused
/// (403), and tasks outside its scope do not exist for it (404). A task of a foreign unit carries a marker that no refused
/// or out-of-scope answer may ever contain.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixScene scene, ITestOutputHelper output) : IClassFixture<AccessMatrixScene>
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Saved = HttpStatusCode.Redirect;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode Missing = HttpStatusCode.NotFound;

    public static TheoryData<string> Accounts => new() { "admin", "auditor", "leader", "supervisor", "reviewer", "reporter", "town" };

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Each_role_reaches_exactly_what_its_permissions_and_scope_allow(string account)
    {
        var client = scene.ClientFor(account);
        var token = await Attacker.TokenFromAsync(client, "/account/password");
        var mismatches = new List<string>();
        var unauthorizedSuccesses = 0;
        var leaks = new List<string>();
        var probes = Probes(account, token).ToList();

        foreach (var probe in probes)
        {
            if (probe.Expected is null)
            {
                output.WriteLine($"{account,-10} {probe.Name,-48} skipped: {probe.SkipReason}");
                continue;
            }

            var before = probe.State is null ? null : await probe.State();
            using var response = await probe.Send(client);
            var body = await response.Content.ReadAsStringAsync();
            var actual = response.StatusCode;
            output.WriteLine($"{account,-10} {probe.Name,-48} {(int)actual} (expected {(int)probe.Expected})");

            if (actual != probe.Expected)
            {
                mismatches.Add($"{probe.Name}: expected {(int)probe.Expected}, got {(int)actual}");
            }

            var denied = probe.Expected is Forbidden or Missing;
            if (denied && (int)actual < 400)
            {
                unauthorizedSuccesses++;
            }

            if (denied && probe.State is not null)
            {
                var after = await probe.State();
                if (after != before)
                {
                    mismatches.Add($"{probe.Name}: refused, yet the data changed from [{before}] to [{after}]");
                }
            }

            var mustNotSeeForeign = !scene.Sees(account, scene.Foreign);
            if ((denied || mustNotSeeForeign) && body.Contains(scene.Marker, StringComparison.Ordinal))
            {
                leaks.Add($"{probe.Name} ({(int)actual}) contains the foreign task's marker");
            }

            if (mustNotSeeForeign && body.Contains($"/tasks/{scene.Foreign.Id}\"", StringComparison.Ordinal))
            {
                leaks.Add($"{probe.Name} ({(int)actual}) links to the foreign task");
            }
        }

        Assert.True(probes.Count(p => p.Expected is not null) >= 40, "The matrix shrank: too few probes ran.");
        var report = $"{account}: {unauthorizedSuccesses} unauthorized successes, {leaks.Count} leaks, {mismatches.Count} unexpected answers\n"
            + string.Join('\n', leaks.Concat(mismatches));
        Assert.True(unauthorizedSuccesses == 0, report);
        Assert.True(leaks.Count == 0, report);
        Assert.True(mismatches.Count == 0, report);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("leader")]
    [InlineData("supervisor")]
    public async Task The_marker_is_really_on_the_foreign_task_for_those_who_see_everything(string account)
    {
        var page = await scene.ClientFor(account).GetPageAsync($"/tasks/{scene.Foreign.Id}");

        Assert.Contains(scene.Marker, page.QuerySelector("[data-testid=task-title]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(scene.Marker, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reporter")]
    [InlineData("town")]
    [InlineData("reviewer")]
    public async Task A_foreign_task_answers_exactly_like_one_that_does_not_exist(string account)
    {
        var client = scene.ClientFor(account);
        foreach (var suffix in new[] { string.Empty, "/edit" })
        {
            using var foreign = await client.GetAsync(new Uri($"/tasks/{scene.Foreign.Id}{suffix}", UriKind.Relative));
            using var nothing = await client.GetAsync(new Uri($"/tasks/{scene.MissingTaskId}{suffix}", UriKind.Relative));

            Assert.Equal(nothing.StatusCode, foreign.StatusCode);
            var foreignPage = await foreign.ReadPageAsync();
            var nothingPage = await nothing.ReadPageAsync();
            Assert.Equal(nothingPage.QuerySelector("main")?.TextContent, foreignPage.QuerySelector("main")?.TextContent);
        }
    }

    private IEnumerable<Probe> Probes(string account, string token)
    {
        var admin = account == "admin";
        var tasksView = account != "auditor";
        HttpStatusCode Manage(HttpStatusCode success) => admin ? success : Forbidden;

        // The auditor goes on to the audit trail, reporters to their 本月填报 inbox and leaders to the dashboard.
        yield return Get("home", "/", account is "auditor" or "reporter" or "town" or "leader" ? Saved : Ok);
        yield return Get("task list", "/tasks", tasksView ? Ok : Forbidden);
        yield return Get("dashboard", "/dashboard", tasksView ? Ok : Forbidden);
        yield return Get("office dashboard", $"/dashboard?office={scene.Foreign.OfficeId}", tasksView ? Ok : Forbidden);
        yield return Get("battle map", $"/battle-map?office={scene.Foreign.OfficeId}", tasksView ? Ok : Forbidden);
        // Searching and filtering straight at the foreign task must not find it for those who may not see it.
        foreach (var query in scene.Sees(account, scene.Foreign) ? [] : scene.SearchesForTheForeignTask)
        {
            yield return Get($"task list {query}", $"/tasks{query}", tasksView ? Ok : Forbidden);
        }

        yield return Get("task create form", "/tasks/create", Manage(Ok));
        yield return new Probe(
            "task create POST",
            Manage(Saved),
            async c => await c.PostAsync("/tasks/create", await scene.NewTaskFormAsync(account, token)),
            scene.TaskCountAsync);

        foreach (var target in scene.TaskTargets)
        {
            var sees = scene.Sees(account, target);
            yield return Get($"task view ({target.Label})", $"/tasks/{target.Id}", !tasksView ? Forbidden : sees ? Ok : Missing);
            yield return Get($"task edit form ({target.Label})", $"/tasks/{target.Id}/edit", !admin ? Forbidden : target.Exists ? Ok : Missing);
            yield return new Probe(
                $"task edit POST ({target.Label})",
                !admin ? Forbidden : target.Exists ? Saved : Missing,
                async c => await c.PostAsync($"/tasks/{target.Id}/edit", await scene.EditedTaskFormAsync(target, account, token)),
                () => scene.TaskStateAsync(target.Id));
            yield return Get($"close-out page ({target.Label})", $"/tasks/{target.Id}/closeout", !tasksView ? Forbidden : sees ? Ok : Missing);

            // An application without files is refused on the form (400) for the lead unit; nothing is ever saved here.
            var reporterAccount = account is "reporter" or "town";
            var leads = target.Exists && target.LeadUnitId == (account == "town" ? scene.TownUnit : scene.ReporterUnit);
            yield return new Probe(
                $"close-out POST ({target.Label})",
                !reporterAccount ? Forbidden : !sees ? Missing : leads ? HttpStatusCode.BadRequest : Forbidden,
                c => c.PostAsync($"/tasks/{target.Id}/closeout", [new("__RequestVerificationToken", token), new("Summary", $"{account} 申请销号")]),
                () => scene.CloseOutStateAsync(target.Id));
        }

        foreach (var registry in scene.Registries)
        {
            yield return Get($"{registry.Path} list", $"/{registry.Path}", tasksView ? Ok : Forbidden);
            yield return Get($"{registry.Path} create form", $"/{registry.Path}/create", Manage(Ok));
            yield return new Probe(
                $"{registry.Path} create POST",
                Manage(Saved),
                async c => await c.PostAsync($"/{registry.Path}/create", await scene.NewRegistryFormAsync(registry, account, token)),
                () => scene.RegistryStateAsync(registry, null));
            yield return Get($"{registry.Path} edit form", $"/{registry.Path}/{registry.Id}/edit", Manage(Ok));
            yield return new Probe(
                $"{registry.Path} edit POST",
                Manage(Saved),
                async c => await c.PostAsync($"/{registry.Path}/{registry.Id}/edit", await scene.EditedRegistryFormAsync(registry, account, token)),
                () => scene.RegistryStateAsync(registry, registry.Id));
        }

        var plan = scene.Registries.First(r => r.Path == "plans");
        yield return Get("plan import page", $"/plans/{plan.Id}/import", Manage(Ok));
        yield return Get("plan import template", $"/plans/{plan.Id}/import/template", Manage(Ok));
        yield return Get("task export", "/tasks/export", tasksView ? Ok : Forbidden);

        yield return Get("meeting table", "/meeting-table", tasksView ? Ok : Forbidden);
        yield return Get("meeting table of the plan", $"/meeting-table?plan={plan.Id}&month=2026-10", tasksView ? Ok : Forbidden);
        yield return Get("meeting table export", $"/meeting-table/export?plan={plan.Id}&month=2026-10", tasksView ? Ok : Forbidden);
        yield return Get("meeting table print", $"/meeting-table/print?plan={plan.Id}&month=2026-10", tasksView ? Ok : Forbidden);
        yield return Get("meeting table of no plan", "/meeting-table?plan=987654", tasksView ? Missing : Forbidden);
        yield return Get("bulletin list", "/bulletins", tasksView ? Ok : Forbidden);
        yield return Get("bulletin draft", $"/bulletins/draft?plan={plan.Id}&quarter=2026-Q3", account == "supervisor" ? Ok : Forbidden);
        yield return Get("bulletin draft export", $"/bulletins/draft/export?plan={plan.Id}&quarter=2026-Q3", account == "supervisor" ? Ok : Forbidden);
        yield return Get("no such bulletin", "/bulletins/987654", tasksView ? Missing : Forbidden);
        yield return new Probe(
            "bulletin publish POST",
            account == "supervisor" ? Saved : Forbidden,
            c => c.PostAsync("/bulletins/publish", new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Plan"] = plan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Quarter"] = "2026-Q2",
                ["IssuingOffice"] = $"{account}的发文单位",
            }),
            scene.BulletinCountAsync);

        // 晒比榜: everyone with tasks reads it (the drill-down names only tasks within the reader's scope); supervisors publish and
        // amend (an unknown plan or row is 404 for them, 403 for everyone else); supervisors and administrators set the weights.
        yield return Get("ranking", "/ranking", tasksView ? Ok : Forbidden);
        yield return new Probe(
            "ranking drill-down (foreign lead unit)",
            tasksView ? Ok : Forbidden,
            async c =>
            {
                var foreignPlan = await scene.App.WithDbAsync(db => db.Tasks.Where(t => t.Id == scene.Foreign.Id).Select(t => t.PlanId).SingleAsync());
                return await c.GetAsync(new Uri($"/ranking/units/{scene.Foreign.LeadUnitId}?plan={foreignPlan}&month=2026-11", UriKind.Relative));
            });
        yield return Get("ranking export", "/ranking/export", tasksView ? Ok : Forbidden);
        yield return Get("ranking weights", $"/ranking/weights?plan={plan.Id}", account is "admin" or "supervisor" ? Ok : Forbidden);
        yield return new Probe(
            "ranking publish POST (unknown plan)",
            account == "supervisor" ? Missing : Forbidden,
            c => c.PostAsync("/ranking/publish", [new("__RequestVerificationToken", token), new("plan", "999999"), new("month", "2026-10")]));
        yield return Get("ranking amend form (unknown row)", "/ranking/rows/999999/amend", account == "supervisor" ? Missing : Forbidden);


        yield return Get("close-out list", "/closeouts", tasksView ? Ok : Forbidden);
        yield return Get("close-out review (none)", "/closeouts/999999", tasksView ? Missing : Forbidden);
        yield return new Probe(
            "close-out approve POST (none)",
            account == "reviewer" ? Missing : Forbidden,
            c => c.PostAsync("/closeouts/999999/approve", [new("__RequestVerificationToken", token)]));
        yield return new Probe(
            "close-out return POST (none)",
            account == "reviewer" ? Missing : Forbidden,
            c => c.PostAsync("/closeouts/999999/return", [new("__RequestVerificationToken", token), new("Reason", "退回")]));
        yield return Get("report inbox", "/reports/inbox", account is "reporter" or "town" ? Ok : Forbidden);
        yield return Get("review queue", "/review", account == "reviewer" ? Ok : Forbidden);
        yield return Get("supervision workspace", "/supervision", account is "reviewer" or "leader" or "supervisor" ? Ok : Forbidden);
        yield return Get("submission matrix", "/reports/matrix", account is "reviewer" or "leader" or "supervisor" ? Ok : Forbidden);
        yield return Get("audit trail", "/audit", account == "auditor" ? Ok : Forbidden);
        yield return Get("audit verification", "/audit/verify", account == "auditor" ? Ok : Forbidden);
        yield return Get("user list", "/users", admin ? Ok : Forbidden);
        yield return Get("user create form", "/users/create", admin ? Ok : Forbidden);
        yield return Get("recycle bin", "/recycle-bin", admin ? Ok : Forbidden);
        yield return Get("my notifications", "/notifications", Ok);
        yield return Get("own e-mail address", "/account/email", Ok);
        yield return new Probe(
            "the administrator's notification",
            admin ? Saved : Missing,
            c => c.GetAsync(new Uri($"/notifications/{scene.AdminNotificationId}", UriKind.Relative)),
            scene.AdminNotificationStateAsync);
    }

    private static Probe Get(string name, string url, HttpStatusCode? expected, string? skipReason = null) =>
        new(name, expected, c => c.GetAsync(new Uri(url, UriKind.Relative)), null, skipReason);

    private sealed record Probe(
        string Name,
        HttpStatusCode? Expected,
        Func<HttpClient, Task<HttpResponseMessage>> Send,
        Func<Task<string>>? State = null,
        string? SkipReason = null);
}

/// <summary>A task as the access rules see it: who leads it, who cooperates, which office pushes it.</summary>
public sealed record TaskFacts(string Label, int Id, int LeadUnitId, IReadOnlyList<int> CooperatingUnitIds, int OfficeId, bool Exists = true)
{
    public bool Involves(int unitId) => Exists && (LeadUnitId == unitId || CooperatingUnitIds.Contains(unitId));
}

/// <summary>An office, unit or plan under test: its path and the object whose edit pages are probed.</summary>
public sealed record RegistryTarget(string Path, int Id);

/// <summary>One app for the whole matrix, the tasks picked from the demo data around each scoped account, and the marker planted.</summary>
public sealed class AccessMatrixScene : IAsyncLifetime
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<KeyValuePair<string, string>>> _forms = new(StringComparer.Ordinal);
    private int _foreignAreaId;

    public TestApp App { get; } = new();

    public string Marker { get; } = $"MARKER-{Guid.NewGuid():N}"[..19];

    public int ReporterUnit { get; private set; }

    public int TownUnit { get; private set; }

    public int ReviewerOffice { get; private set; }

    public TaskFacts Foreign { get; private set; } = null!;

    public int MissingTaskId { get; private set; }

    public IReadOnlyList<TaskFacts> TaskTargets { get; private set; } = [];

    public IReadOnlyList<RegistryTarget> Registries { get; private set; } = [];

    public IReadOnlyList<string> SearchesForTheForeignTask { get; private set; } = [];

    /// <summary>A notification of the administrator about the foreign task: only the administrator may open it.</summary>
    public int AdminNotificationId { get; private set; }

    private int PlanId { get; set; }

    public HttpClient ClientFor(string account)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(account, out var client))
            {
                client = App.CreateClientFor(account);
                _clients[account] = client;
            }

            return client;
        }
    }

    public bool Sees(string account, TaskFacts task) => task.Exists && account switch
    {
        "admin" or "leader" or "supervisor" => true,
        "reporter" => task.Involves(ReporterUnit),
        "town" => task.Involves(TownUnit),
        "reviewer" => task.OfficeId == ReviewerOffice,
        _ => false,
    };

    public async Task InitializeAsync()
    {
        await App.WithDbAsync(async db =>
        {
            var accounts = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.UserName!, StringComparer.Ordinal);
            ReporterUnit = accounts["reporter"].UnitId ?? throw new InvalidOperationException("The reporter has no unit");
            TownUnit = accounts["town"].UnitId ?? throw new InvalidOperationException("The town reporter has no unit");
            ReviewerOffice = accounts["reviewer"].OfficeId ?? throw new InvalidOperationException("The reviewer has no office");

            var tasks = (await db.Tasks.AsNoTracking().Include(t => t.Cooperations).OrderBy(t => t.Id).ToListAsync())
                .Select(t => new TaskFacts(string.Empty, t.Id, t.LeadUnitId, t.Cooperations.Select(c => c.UnitId).ToList(), t.OfficeId))
                .ToList();
            TaskFacts Pick(string label, Func<TaskFacts, bool> rule) =>
                (tasks.FirstOrDefault(rule) ?? throw new InvalidOperationException($"The demo data has no task that is \"{label}\"")) with { Label = label };
            bool Outsider(TaskFacts t) => !t.Involves(ReporterUnit) && !t.Involves(TownUnit);

            Foreign = Pick("foreign", t => Outsider(t) && t.OfficeId != ReviewerOffice);
            MissingTaskId = tasks.Max(t => t.Id) + 1000;
            TaskTargets =
            [
                Pick("led by reporter", t => t.LeadUnitId == ReporterUnit),
                Pick("reporter cooperates", t => t.LeadUnitId != ReporterUnit && t.CooperatingUnitIds.Contains(ReporterUnit)),
                Pick("led by town", t => t.LeadUnitId == TownUnit),
                Pick("town cooperates", t => t.LeadUnitId != TownUnit && t.CooperatingUnitIds.Contains(TownUnit)),
                Pick("reviewer's office", t => Outsider(t) && t.OfficeId == ReviewerOffice),
                Foreign,
                new TaskFacts("no such task", MissingTaskId, 0, [], 0, Exists: false),
            ];

            var foreign = await db.Tasks.Include(t => t.Cooperations).SingleAsync(t => t.Id == Foreign.Id);
            PlanId = foreign.PlanId;
            _foreignAreaId = foreign.AreaId;
            SearchesForTheForeignTask =
            [
                // A prefix: the list echoes the search term, and only the whole marker proves a leak.
                $"?q={Marker[..15]}",
                $"?q={Uri.EscapeDataString(foreign.Code)}",
                $"?unit={foreign.LeadUnitId}",
                $"?office={foreign.OfficeId}",
                $"?plan={foreign.PlanId}&size=100",
                "?sort=-due&page=2",
            ];
            foreign.Redefine(
                new TaskDefinition(
                    foreign.Code,
                    $"{Marker} {foreign.Title}",
                    $"{Marker} {foreign.Content}",
                    foreign.Target,
                    foreign.WorkStandard,
                    foreign.AreaId,
                    foreign.OfficeId,
                    foreign.LeadUnitId,
                    foreign.LeadingOfficialId,
                    foreign.StartDate,
                    foreign.DueDate,
                    foreign.Priority,
                    foreign.IsKeyProject
                        ? new KeyProjectFacts(foreign.PlannedTotalInvestment!.Value, foreign.PlannedAnnualInvestment!.Value, foreign.ConstructionState!.Value)
                        : null),
                foreign.Cooperations.Select(c => c.UnitId).ToList());
            await db.SaveChangesAsync();

            var notification = new ReformTracker.Web.Domain.Notifications.Notification(
                accounts["admin"].Id, ReformTracker.Web.Domain.Notifications.NotificationKind.FlagRaised, $"{Marker} 督查预警", Marker,
                $"/tasks/{Foreign.Id}", DateTime.UtcNow, false);
            db.Notifications.Add(notification);
            await db.SaveChangesAsync();
            AdminNotificationId = notification.Id;

            Registries =
            [
                new RegistryTarget("offices", await db.Offices.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync()),
                new RegistryTarget("units", await db.Units.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync()),
                new RegistryTarget("plans", PlanId),
            ];
            return 0;
        });
    }

    public Task<string> AdminNotificationStateAsync() =>
        App.WithDbAsync(async db => await db.Notifications.Where(n => n.Id == AdminNotificationId).Select(n => n.ReadAtUtc).SingleAsync() is null ? "unread" : "read");

    public Task<string> BulletinCountAsync() => App.WithDbAsync(async db => (await db.Bulletins.CountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task<string> TaskCountAsync() => App.WithDbAsync(async db => (await db.Tasks.CountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task<string> CloseOutStateAsync(int taskId) =>
        App.WithDbAsync(async db => $"{await db.CloseOutApplications.CountAsync(c => c.TaskId == taskId)} close-outs");

    public Task<string> TaskStateAsync(int id) =>
        App.WithDbAsync(async db => await db.Tasks.Where(t => t.Id == id).Select(t => t.Title + " | v" + t.Version).SingleOrDefaultAsync() ?? "(none)");

    public Task<string> RegistryStateAsync(RegistryTarget registry, int? id) => App.WithDbAsync(async db => registry.Path switch
    {
        "offices" when id is { } i => await db.Offices.Where(o => o.Id == i).Select(o => o.Name + " | v" + o.Version).SingleAsync(),
        "units" when id is { } i => await db.Units.Where(u => u.Id == i).Select(u => u.Name + " | v" + u.Version).SingleAsync(),
        "plans" when id is { } i => await db.Plans.Where(p => p.Id == i).Select(p => p.Name + " | v" + p.Version).SingleAsync(),
        "offices" => $"{await db.Offices.CountAsync()} offices",
        "units" => $"{await db.Units.CountAsync()} units",
        _ => $"{await db.Plans.CountAsync()} plans",
    });

    /// <summary>A complete, valid new task as the administrator's form would send it, with the attacker's own token.</summary>
    public async Task<List<KeyValuePair<string, string>>> NewTaskFormAsync(string account, string token)
    {
        var fields = await AdminFormAsync($"/tasks/create?plan={PlanId}", account);
        return Overlay(fields, token, new()
        {
            ["Code"] = $"ATK-{account}-{Guid.NewGuid():N}"[..24],
            ["Title"] = $"{account} 新建的任务",
            ["AreaId"] = _foreignAreaId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OfficeId"] = Foreign.OfficeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LeadUnitId"] = Foreign.LeadUnitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The task's current edit form (as the administrator sees it) with a changed title, so a wrongly accepted POST shows.</summary>
    public async Task<List<KeyValuePair<string, string>>> EditedTaskFormAsync(TaskFacts target, string account, string token)
    {
        var source = target.Exists ? target.Id : TaskTargets[0].Id;
        var fields = await AdminFormAsync($"/tasks/{source}/edit", account);
        var title = fields.First(f => f.Key == "Title").Value;
        return Overlay(fields, token, new() { ["Title"] = $"{title}·{account}" });
    }

    public async Task<List<KeyValuePair<string, string>>> NewRegistryFormAsync(RegistryTarget registry, string account, string token)
    {
        var fields = await AdminFormAsync($"/{registry.Path}/create", account);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        return Overlay(fields, token, new()
        {
            ["Name"] = $"{account}新建{suffix}",
            ["ShortName"] = $"{account}{suffix}",
            ["Kind"] = "Department",
            ["Areas[0].Name"] = "攻击者的领域",
        });
    }

    public async Task<List<KeyValuePair<string, string>>> EditedRegistryFormAsync(RegistryTarget registry, string account, string token)
    {
        var fields = await AdminFormAsync($"/{registry.Path}/{registry.Id}/edit", account);
        var name = fields.First(f => f.Key == "Name").Value;
        return Overlay(fields, token, new() { ["Name"] = $"{name}·{account}" });
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await App.DisposeAsync();
    }

    /// <summary>
    /// The form as the administrator's page renders it. The administrator's own POSTs need the current version, so they
    /// read it fresh; everyone else is refused before the form is read, so one copy per page serves them all.
    /// </summary>
    private async Task<List<KeyValuePair<string, string>>> AdminFormAsync(string url, string account)
    {
        if (account != "admin" && _forms.TryGetValue(url, out var cached))
        {
            return [.. cached];
        }

        var page = await ClientFor("admin").GetPageAsync(url);
        var form = page.QuerySelector("main form[method=post]") as IHtmlFormElement ?? throw new InvalidOperationException($"No form on {url}");
        var fields = Html.FormFields(form);
        _forms[url] = fields;
        return [.. fields];
    }

    private static List<KeyValuePair<string, string>> Overlay(List<KeyValuePair<string, string>> fields, string token, Dictionary<string, string> changes)
    {
        changes["__RequestVerificationToken"] = token;
        fields.RemoveAll(f => changes.ContainsKey(f.Key));
        fields.AddRange(changes);
        return fields;
    }
}
