using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

public sealed class UserAdministrationTests(TestApp app) : IClassFixture<TestApp>
{
    private const string ChosenPassword = "Mine2026password";

    /// <summary>Just past the 30 seconds after which a sign-in cookie is checked against the user's security stamp.</summary>
    private static readonly TimeSpan PastRevalidation = TimeSpan.FromSeconds(31);

    private readonly HttpClient _admin = app.CreateBrowserlikeClient();

    [Fact]
    public async Task A_new_reporter_signs_in_with_the_one_time_password_and_must_change_it_before_anything_else()
    {
        var unitId = await FirstUnitIdAsync(UnitKind.Department);
        var name = UniqueName("zhang.wei");

        using var response = await _admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = name,
            ["DisplayName"] = "张伟",
            ["Role"] = Roles.Reporter,
            ["UnitId"] = unitId.ToString(),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var page = await response.ReadPageAsync();
        var password = page.QuerySelector("[data-testid=one-time-password]")!.TextContent.Trim();
        Assert.Matches("^[A-Za-z0-9]{12}$", password);
        Assert.Contains("只显示这一次", page.QuerySelector("[data-testid=one-time-password-note]")!.TextContent, StringComparison.Ordinal);
        var created = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == name));
        Assert.Equal("张伟", created.DisplayName);
        Assert.Equal(Roles.Reporter, created.Role);
        Assert.Equal(unitId, created.UnitId);
        Assert.Null(created.OfficeId);
        Assert.True(created.MustChangePassword);
        Assert.False(created.IsDisabled);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, created.CreatedAtUtc);

        using var user = app.CreateClientFor(name, password);
        using var beforeChange = await user.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, beforeChange.StatusCode);
        Assert.Equal("/account/password", beforeChange.Headers.Location!.OriginalString);

        await ChangePasswordAsync(user, password);

        await user.GetPageAsync("/tasks");
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == created.Id).Select(u => u.MustChangePassword).SingleAsync()));
    }

    [Fact]
    public async Task The_list_shows_role_binding_state_and_the_pending_password_change_of_a_new_user()
    {
        var unitId = await FirstUnitIdAsync(UnitKind.Town);
        var unitName = await app.WithDbAsync(db => db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync());
        var (id, _, name) = await CreateUserAsync(Roles.Reporter, unitId: unitId);

        var page = await _admin.GetPageAsync("/users");

        var row = page.QuerySelector($"[data-testid=user-table] tr[data-id='{id}']")!;
        Assert.Contains(name, row.TextContent, StringComparison.Ordinal);
        Assert.Equal("单位填报员", row.QuerySelector("[data-testid=role]")!.TextContent.Trim());
        Assert.Equal(unitName, row.QuerySelector("[data-testid=binding]")!.TextContent.Trim());
        Assert.Equal("启用", row.QuerySelector("[data-testid=state]")!.TextContent.Trim());
        Assert.Contains("待修改一次性密码", row.QuerySelector("[data-testid=must-change]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(app.Clock.Now.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector($"a[href='/users/{id}/edit']"));
        Assert.NotNull(row.QuerySelector($"form[action='/users/{id}/disable'] input[name=__RequestVerificationToken]"));
        Assert.NotNull(row.QuerySelector($"form[action='/users/{id}/reset-password'] input[name=__RequestVerificationToken]"));
        Assert.NotNull(page.QuerySelector("nav a.nav-link.active[href='/users']"));
    }

    [Fact]
    public async Task The_list_filters_by_role_and_by_user_name_or_display_name_and_is_ordered_by_user_name()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await CreateUserAsync(Roles.Leader, userName: $"b-{tag}", displayName: "王芳");
        await CreateUserAsync(Roles.Supervisor, userName: $"A-{tag}", displayName: "李强");
        await CreateUserAsync(Roles.Leader, userName: $"c-{tag}", displayName: $"陈静{tag}");

        var byText = await _admin.GetPageAsync($"/users?q={tag.ToUpperInvariant()}");
        Assert.Equal([$"A-{tag}", $"b-{tag}", $"c-{tag}"], UserNames(byText));

        var byRoleAndText = await _admin.GetPageAsync($"/users?role=Leader&q={tag}");
        Assert.Equal([$"b-{tag}", $"c-{tag}"], UserNames(byRoleAndText));
        Assert.NotNull(byRoleAndText.QuerySelector("#role option[value=Leader][selected]"));

        var byDisplayName = await _admin.GetPageAsync($"/users?q={Uri.EscapeDataString("陈静" + tag)}");
        Assert.Equal([$"c-{tag}"], UserNames(byDisplayName));

        var admins = await _admin.GetPageAsync("/users?role=SystemAdmin");
        Assert.Contains("admin", UserNames(admins));
        Assert.DoesNotContain(UserNames(admins), n => n.EndsWith(tag, StringComparison.Ordinal));

        var none = await _admin.GetPageAsync($"/users?q=nobody-{tag}");
        Assert.NotNull(none.QuerySelector("[data-testid=empty]"));
    }

    [Fact]
    public async Task A_reporter_without_a_unit_is_refused_on_the_unit_field_and_nothing_is_created()
    {
        var name = UniqueName("no.unit");
        var before = await CountAsync();

        using var response = await _admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = name,
            ["DisplayName"] = "没有单位的填报员",
            ["Role"] = Roles.Reporter,
            ["UnitId"] = string.Empty,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("该角色须选择所属单位", page.QuerySelector("[data-valmsg-for=UnitId]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(name, page.QuerySelector("#UserName")!.GetAttribute("value"));
        Assert.Equal("没有单位的填报员", page.QuerySelector("#DisplayName")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("[data-testid=one-time-password]"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_role_without_a_binding_refuses_a_unit_and_a_reviewer_needs_an_office()
    {
        var unitId = await FirstUnitIdAsync(UnitKind.Department);
        var before = await CountAsync();

        using var leader = await _admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = UniqueName("leader"),
            ["DisplayName"] = "区领导",
            ["Role"] = Roles.Leader,
            ["UnitId"] = unitId.ToString(),
        });
        var leaderPage = await leader.ReadPageAsync();
        Assert.Contains("该角色不绑定单位，请将单位留空", leaderPage.QuerySelector("[data-valmsg-for=UnitId]")!.TextContent, StringComparison.Ordinal);

        using var reviewer = await _admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = UniqueName("reviewer"),
            ["DisplayName"] = "审核员",
            ["Role"] = Roles.OfficeReviewer,
            ["OfficeId"] = string.Empty,
        });
        var reviewerPage = await reviewer.ReadPageAsync();
        Assert.Contains("该角色须选择所属专项办", reviewerPage.QuerySelector("[data-valmsg-for=OfficeId]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_user_name_already_taken_in_any_letter_case_is_refused_on_the_user_name_field()
    {
        var (_, _, name) = await CreateUserAsync(Roles.Leader);
        var before = await CountAsync();

        using var response = await _admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = name.ToUpperInvariant(),
            ["DisplayName"] = "同名的人",
            ["Role"] = Roles.Leader,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains($"用户名 {name.ToUpperInvariant()} 已被使用", page.QuerySelector("[data-valmsg-for=UserName]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("ab", "用户名长度应为 3 到 64 个字符")]
    [InlineData("张三丰", "用户名只能包含字母、数字和 . _ - @")]
    [InlineData("has space", "用户名只能包含字母、数字和 . _ - @")]
    [InlineData("", "请填写用户名")]
    public async Task A_malformed_user_name_is_refused_with_a_Chinese_message(string userName, string message)
    {
        var before = await CountAsync();

        using var response = await _admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = userName,
            ["DisplayName"] = "某人",
            ["Role"] = Roles.Leader,
        });

        var page = await response.ReadPageAsync();
        Assert.Contains(message, page.QuerySelector("[data-valmsg-for=UserName]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Changing_the_role_ends_the_users_open_session_within_the_revalidation_interval()
    {
        var unitId = await FirstUnitIdAsync(UnitKind.Department);
        var (id, password, name) = await CreateUserAsync(Roles.Reporter, unitId: unitId);
        using var user = await SignedInWithOwnPasswordAsync(name, password);
        var stampBefore = await StampAsync(id);

        using var response = await _admin.SubmitFormAsync($"/users/{id}/edit", new Dictionary<string, string?>
        {
            ["Role"] = Roles.Leader,
            ["UnitId"] = string.Empty,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/users", response.Headers.Location!.OriginalString);
        var saved = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.Equal(Roles.Leader, saved.Role);
        Assert.Null(saved.UnitId);
        Assert.NotEqual(stampBefore, saved.SecurityStamp);

        await AssertSessionEndsAsync(user);
    }

    [Fact]
    public async Task Changing_only_the_display_name_keeps_the_users_session()
    {
        var (id, password, name) = await CreateUserAsync(Roles.Leader);
        using var user = await SignedInWithOwnPasswordAsync(name, password);
        var stampBefore = await StampAsync(id);

        using var response = await _admin.SubmitFormAsync($"/users/{id}/edit", new Dictionary<string, string?> { ["DisplayName"] = "改了名字的领导" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("改了名字的领导", await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync()));
        Assert.Equal(stampBefore, await StampAsync(id));
        app.Clock.Now += PastRevalidation;
        await user.GetPageAsync("/tasks");
    }

    [Fact]
    public async Task An_edit_form_that_went_stale_is_refused_and_keeps_what_was_typed()
    {
        var (id, _, _) = await CreateUserAsync(Roles.Leader);
        var stale = await _admin.GetPageAsync($"/users/{id}/edit");
        var staleFields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)stale.QuerySelector("main form[method=post]")!);
        using var first = await _admin.SubmitFormAsync($"/users/{id}/edit", new Dictionary<string, string?> { ["DisplayName"] = "第一位" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        staleFields.RemoveAll(f => f.Key == "DisplayName");
        staleFields.Add(new("DisplayName", "第二位"));
        using var second = await _admin.PostAsync($"/users/{id}/edit", staleFields);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await second.ReadPageAsync();
        Assert.Contains("已被他人修改", page.QuerySelector("[data-testid=form-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("第二位", page.QuerySelector("#DisplayName")!.GetAttribute("value"));
        Assert.Equal("第一位", await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task An_administrator_cannot_change_their_own_role()
    {
        var adminId = await IdOfAsync("admin");

        using var response = await _admin.SubmitFormAsync($"/users/{adminId}/edit", new Dictionary<string, string?> { ["Role"] = Roles.Leader });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("不能修改自己的角色", page.QuerySelector("[data-valmsg-for=Role]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Roles.SystemAdmin, await app.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.Role).SingleAsync()));
    }

    [Fact]
    public async Task Disabling_ends_the_session_and_refuses_sign_in_and_enabling_lets_the_user_in_again()
    {
        var (id, password, name) = await CreateUserAsync(Roles.Supervisor);
        using var user = await SignedInWithOwnPasswordAsync(name, password);
        var list = await _admin.GetPageAsync("/users");
        var token = list.AntiforgeryToken()!;

        using var disable = await _admin.PostAsync($"/users/{id}/disable", [new("__RequestVerificationToken", token)]);

        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.IsDisabled).SingleAsync()));
        await AssertSessionEndsAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(name, ChosenPassword)).StatusCode);
        var disabledRow = (await _admin.GetPageAsync("/users")).QuerySelector($"tr[data-id='{id}']")!;
        Assert.Equal("已停用", disabledRow.QuerySelector("[data-testid=state]")!.TextContent.Trim());
        Assert.NotNull(disabledRow.QuerySelector($"form[action='/users/{id}/enable']"));

        using var enable = await _admin.PostAsync($"/users/{id}/enable", [new("__RequestVerificationToken", token)]);

        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.IsDisabled).SingleAsync()));
        var again = await SignInAsync(name, ChosenPassword);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/", again.Location);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_their_own_account()
    {
        var adminId = await IdOfAsync("admin");
        var page = await _admin.GetPageAsync("/users");
        Assert.Null(page.QuerySelector($"form[action='/users/{adminId}/disable']"));

        using var response = await _admin.PostAsync($"/users/{adminId}/disable", [new("__RequestVerificationToken", page.AntiforgeryToken()!)]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.IsDisabled).SingleAsync()));
        await _admin.GetPageAsync("/users");
    }

    [Fact]
    public async Task Resetting_a_password_replaces_the_old_one_clears_the_lockout_and_forces_a_change()
    {
        var (id, password, name) = await CreateUserAsync(Roles.Leader);
        using var user = await SignedInWithOwnPasswordAsync(name, password);
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(name, "wrong-password-1");
        }

        var locked = (await _admin.GetPageAsync("/users")).QuerySelector($"tr[data-id='{id}'] [data-testid=state]")!;
        Assert.Contains("锁定中", locked.TextContent, StringComparison.Ordinal);

        var token = (await _admin.GetPageAsync("/users")).AntiforgeryToken()!;
        using var response = await _admin.PostAsync($"/users/{id}/reset-password", [new("__RequestVerificationToken", token)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var newPassword = (await response.ReadPageAsync()).QuerySelector("[data-testid=one-time-password]")!.TextContent.Trim();
        Assert.Matches("^[A-Za-z0-9]{12}$", newPassword);
        var saved = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.True(saved.MustChangePassword);
        Assert.Null(saved.LockoutEnd);
        Assert.Equal(0, saved.AccessFailedCount);
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.Action == AuditAction.PasswordReset && r.EntityId == id.ToString())));

        await AssertSessionEndsAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(name, ChosenPassword)).StatusCode);
        var withNew = await SignInAsync(name, newPassword);
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
        Assert.Equal("/account/password", withNew.Location);
    }

    [Fact]
    public async Task Unknown_user_ids_answer_404()
    {
        using var get = await _admin.GetAsync(new Uri("/users/424242/edit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        var token = (await _admin.GetPageAsync("/users")).AntiforgeryToken()!;
        foreach (var action in new[] { "edit", "disable", "enable", "reset-password" })
        {
            using var post = await _admin.PostAsync($"/users/424242/{action}", [new("__RequestVerificationToken", token), new("DisplayName", "某人"), new("Role", Roles.Leader)]);
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, $"POST {action}: {(int)post.StatusCode}");
        }
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused()
    {
        var (id, _, _) = await CreateUserAsync(Roles.Leader);

        using var response = await _admin.PostAsync($"/users/{id}/disable", []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.IsDisabled).SingleAsync()));
    }

    [Fact]
    public async Task Someone_without_the_user_permission_gets_403_and_creates_nothing()
    {
        using var leader = app.CreateClientFor("leader");
        using var list = await leader.GetAsync(new Uri("/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);

        var token = (await leader.GetPageAsync("/tasks")).AntiforgeryToken()!;
        var name = UniqueName("sneaky");
        var before = await CountAsync();
        using var create = await leader.PostAsync("/users/create",
        [
            new("__RequestVerificationToken", token),
            new("UserName", name),
            new("DisplayName", "越权创建"),
            new("Role", Roles.SystemAdmin),
        ]);

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(before, await CountAsync());
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)));

        using var auditor = app.CreateClientFor("auditor");
        using var auditorList = await auditor.GetAsync(new Uri("/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, auditorList.StatusCode);
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static List<string> UserNames(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=user-table] tbody tr").Select(r => r.GetAttribute("data-username")!).ToList();

    private Task<int> CountAsync() => app.WithDbAsync(db => db.Users.CountAsync());

    private Task<int> IdOfAsync(string userName) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    private Task<string?> StampAsync(int id) => app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync());

    private Task<int> FirstUnitIdAsync(UnitKind kind) =>
        app.WithDbAsync(db => db.Units.Where(u => u.Kind == kind).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());

    /// <summary>Creates a user through the form and reads the one-time password off the page that shows it.</summary>
    private async Task<(int Id, string Password, string UserName)> CreateUserAsync(string role, int? unitId = null, string? userName = null, string? displayName = null)
    {
        userName ??= UniqueName(role.ToLowerInvariant());
        using var response = await _admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = userName,
            ["DisplayName"] = displayName ?? "测试用户",
            ["Role"] = role,
            ["UnitId"] = unitId?.ToString() ?? string.Empty,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var password = (await response.ReadPageAsync()).QuerySelector("[data-testid=one-time-password]")?.TextContent.Trim()
            ?? throw new InvalidOperationException($"Creating {userName} showed no password");
        return (await IdOfAsync(userName), password, userName);
    }

    /// <summary>A client for the user that has already replaced the one-time password with <see cref="ChosenPassword"/>.</summary>
    private async Task<HttpClient> SignedInWithOwnPasswordAsync(string userName, string oneTimePassword)
    {
        var client = app.CreateClientFor(userName, oneTimePassword);
        await ChangePasswordAsync(client, oneTimePassword);
        await client.GetPageAsync("/tasks");
        return client;
    }

    private static async Task ChangePasswordAsync(HttpClient client, string current)
    {
        using var response = await client.SubmitFormAsync("/account/password", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = current,
            ["NewPassword"] = ChosenPassword,
            ["ConfirmPassword"] = ChosenPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task AssertSessionEndsAsync(HttpClient client)
    {
        app.Clock.Now += PastRevalidation;
        using var response = await client.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>Posts the login form from a fresh anonymous client: 302 when signed in, 200 with an error when refused.</summary>
    private async Task<SignInAnswer> SignInAsync(string userName, string password)
    {
        using var client = app.CreateAnonymousClient();
        var token = (await client.GetPageAsync("/account/login")).AntiforgeryToken()!;
        using var response = await client.PostAsync("/account/login", [new("__RequestVerificationToken", token), new("UserName", userName), new("Password", password)]);
        return new SignInAnswer(response.StatusCode, response.Headers.Location?.OriginalString);
    }

    private sealed record SignInAnswer(HttpStatusCode StatusCode, string? Location);
}
