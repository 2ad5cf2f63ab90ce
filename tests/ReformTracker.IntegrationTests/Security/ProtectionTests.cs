using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Security;
using Xunit.Abstractions;

namespace ReformTracker.IntegrationTests.Security;

/// <summary>The defences around signing in and staying signed in: lockout, one answer for every failure, rate limit, CSRF, session ends, headers, cookies.</summary>
public sealed class ProtectionTests(TestApp app, ITestOutputHelper output) : IClassFixture<TestApp>
{
    private const string RefusedText = "用户名或密码错误";

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_against_the_right_one()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateAnonymousClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await Attacker.SignInAsync(client, user, $"wrong-{attempt}-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(RefusedText, Attacker.LoginError(await wrong.ReadPageAsync()), StringComparison.Ordinal);
        }

        using (var right = await Attacker.SignInAsync(client, user, password))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Contains(RefusedText, Attacker.LoginError(await right.ReadPageAsync()), StringComparison.Ordinal);
            Assert.DoesNotContain("rt.auth", SetCookies(right), StringComparison.Ordinal);
        }

        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id.ToString()).SingleAsync());
        Assert.True(
            await app.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.Action == AuditAction.LockedOut && r.EntityId == userId)),
            "No LockedOut record in the audit trail");

        // Identity's UserManager times lockouts by the wall clock (DateTimeOffset.UtcNow), not by TimeProvider, so the
        // app's test clock cannot end one: check the lock's length, then let sixteen minutes pass by moving its end back.
        var lockoutEnd = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == user).Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        await app.WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.UserName == user);
            row.LockoutEnd = lockoutEnd.Value.AddMinutes(-16);
            return await db.SaveChangesAsync();
        });

        using var later = await Attacker.SignInAsync(client, user, password);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.False(Attacker.SendsToLogin(later));
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_page()
    {
        var (user, _) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateAnonymousClient();

        using var unknown = await Attacker.SignInAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8], "Whatever2026x");
        using var wrong = await Attacker.SignInAsync(client, user, "Whatever2026x");

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        var unknownPage = await unknown.ReadPageAsync();
        var wrongPage = await wrong.ReadPageAsync();
        Assert.Contains(RefusedText, Attacker.LoginError(unknownPage), StringComparison.Ordinal);
        Assert.Equal(Attacker.LoginError(unknownPage), Attacker.LoginError(wrongPage));
        Assert.Equal(unknownPage.QuerySelector("main")!.TextContent, wrongPage.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_user_answers_about_as_slowly_as_a_wrong_password()
    {
        var (user, _) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateAnonymousClient();
        var token = await Attacker.TokenFromAsync(client, "/account/login");
        var unknown = new List<double>();
        var wrong = new List<double>();

        for (var round = -2; round < 10; round++)
        {
            var unknownTime = await TimeSignInAsync(client, token, "nobody-" + round, "Whatever2026x");
            var wrongTime = await TimeSignInAsync(client, token, user, "Whatever2026x");
            await ResetFailedSignInsAsync(user);
            if (round >= 0)
            {
                unknown.Add(unknownTime);
                wrong.Add(wrongTime);
            }
        }

        var ratio = Median(unknown) / Median(wrong);
        output.WriteLine($"median unknown {Median(unknown):F1} ms, wrong password {Median(wrong):F1} ms, ratio {ratio:F2}");
        Assert.InRange(ratio, 0.3, 3.0);
    }

    [Fact]
    public async Task The_sixth_sign_in_attempt_within_a_minute_is_answered_429_in_Chinese()
    {
        // A second host over this class's already seeded database starts in a fraction of the time a fresh TestApp takes.
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Security:LoginAttemptsPerMinutePerAddress", "5"));
        using var client = limited.CreateClient(new() { AllowAutoRedirect = false });
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        var token = await Attacker.TokenFromAsync(client, "/account/login");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["UserName"] = user, ["Password"] = "guess-2026-x" };

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var allowed = await client.PostAsync("/account/login", fields);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.PostAsync("/account/login", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var page = await refused.ReadPageAsync();
        Assert.Contains("尝试过于频繁", page.QuerySelector("[data-testid=too-many-requests]")!.TextContent, StringComparison.Ordinal);

        using var rightPassword = await client.PostAsync("/account/login", new Dictionary<string, string>(fields) { ["Password"] = password });
        Assert.Equal(HttpStatusCode.TooManyRequests, rightPassword.StatusCode);
    }

    [Fact]
    public async Task A_task_edit_without_a_valid_antiforgery_token_is_refused_400_and_changes_nothing()
    {
        var (admin, password) = await Attacker.CreateUserAsync(app, Roles.SystemAdmin);
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Select(t => new { t.Id, t.Title, t.Version }).FirstAsync());
        var url = $"/tasks/{task.Id}/edit";
        using var victim = app.CreateClientFor(admin, password);
        using var other = app.CreateClientFor(admin, password);
        var staleToken = await Attacker.TokenFromAsync(victim, url);
        await Attacker.SignOutAsync(victim);
        using (var again = await Attacker.SignInAsync(victim, admin, password))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        var page = await victim.GetPageAsync(url);
        var fields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form[method=post]")!)
            .Where(f => f.Key != "__RequestVerificationToken" && f.Key != "Title")
            .Append(new("Title", "被伪造请求改掉的标题"))
            .ToList();
        var attempts = new Dictionary<string, string?>
        {
            ["no token"] = null,
            ["another session's token"] = await Attacker.TokenFromAsync(other, url),
            ["a token from before signing out and in again"] = staleToken,
            ["a made-up token"] = "CfDJ8" + new string('A', 150),
        };

        foreach (var (name, token) in attempts)
        {
            using var response = await victim.PostAsync(url, token is null ? fields : [.. fields, new("__RequestVerificationToken", token)]);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            Assert.Equal(
                (task.Title, task.Version),
                await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == task.Id).Select(t => ValueTuple.Create(t.Title, t.Version)).SingleAsync()));
        }

        using var genuine = await victim.PostAsync(url, [.. fields, new("__RequestVerificationToken", page.AntiforgeryToken()!)]);
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copied_cookie()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        var jar = new CookieContainer();
        using var client = Attacker.ClientWithJar(app, jar);
        using (var signIn = await Attacker.SignInAsync(client, user, password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var stolen = jar.GetCookieHeader(Attacker.Origin);
        using var thief = Attacker.ReplayingClient(app, stolen);
        using (var before = await thief.GetAsync(new Uri("/tasks", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Attacker.SignOutAsync(client);
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        using var own = await client.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.True(Attacker.SendsToLogin(own), $"The signed-out client got {(int)own.StatusCode}");
        using var replayed = await thief.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.True(Attacker.SendsToLogin(replayed), $"The copied cookie still answers {(int)replayed.StatusCode} after sign-out");
    }

    [Fact]
    public async Task Changing_the_password_ends_the_users_other_sessions_but_not_this_one()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Reporter, unitId: await AnyUnitAsync());
        using var here = app.CreateClientFor(user, password);
        using var elsewhere = app.CreateClientFor(user, password);
        await elsewhere.GetPageAsync("/tasks");

        using var changed = await here.SubmitFormAsync("/account/password", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = password,
            ["NewPassword"] = password + "new9",
            ["ConfirmPassword"] = password + "new9",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        using var other = await elsewhere.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.True(Attacker.SendsToLogin(other), $"The other session still answers {(int)other.StatusCode}");
        await here.GetPageAsync("/tasks");
    }

    [Fact]
    public async Task A_session_ends_twelve_hours_after_sign_in_however_active_it_stays()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateClientFor(user, password);
        await client.GetPageAsync("/tasks");

        var elapsed = TimeSpan.Zero;
        while (elapsed + TimeSpan.FromMinutes(25) < TimeSpan.FromHours(12))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(25));
            elapsed += TimeSpan.FromMinutes(25);
            await client.GetPageAsync("/account/password");
        }

        app.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1) - elapsed);
        using var response = await client.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.True(Attacker.SendsToLogin(response), $"After 12 h 1 min the session still answers {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_session_left_idle_for_thirty_one_minutes_ends()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateClientFor(user, password);
        await client.GetPageAsync("/tasks");

        app.Clock.Advance(TimeSpan.FromMinutes(31));

        using var response = await client.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.True(Attacker.SendsToLogin(response), $"After 31 idle minutes the session still answers {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_disabled_user_loses_the_session_within_the_revalidation_interval()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateClientFor(user, password);
        await client.GetPageAsync("/tasks");

        await app.WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.UserName == user);
            row.IsDisabled = true;
            return await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        using var response = await client.GetAsync(new Uri("/tasks", UriKind.Relative));
        Assert.True(Attacker.SendsToLogin(response), $"A disabled user's session still answers {(int)response.StatusCode}");
        using var anonymous = app.CreateAnonymousClient();
        using var signIn = await Attacker.SignInAsync(anonymous, user, password);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(RefusedText, Attacker.LoginError(await signIn.ReadPageAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demoted_administrator_loses_the_old_permissions_within_the_revalidation_interval()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.SystemAdmin);
        using var client = app.CreateClientFor(user, password);
        await client.GetPageAsync("/tasks/create");

        await app.WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.UserName == user);
            row.Role = Roles.Leader;
            return await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromSeconds(31));

        await client.GetPageAsync("/tasks/create", HttpStatusCode.Forbidden);
        await client.GetPageAsync("/tasks");
    }

    [Fact]
    public async Task A_tampered_sign_in_cookie_is_worth_nothing()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.SystemAdmin);
        var jar = new CookieContainer();
        using var client = Attacker.ClientWithJar(app, jar);
        using (await Attacker.SignInAsync(client, user, password))
        {
        }

        var cookie = jar.GetCookies(Attacker.Origin)["rt.auth"]!.Value;
        var middle = cookie.Length / 2;
        var tampered = string.Concat(cookie.AsSpan(0, middle), cookie[middle] == 'A' ? "B" : "A", cookie.AsSpan(middle + 1));
        using var forger = Attacker.ReplayingClient(app, $"rt.auth={tampered}");

        using var response = await forger.GetAsync(new Uri("/tasks/create", UriKind.Relative));
        Assert.True(Attacker.SendsToLogin(response), $"A tampered cookie answers {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_one_time_password_opens_nothing_but_the_change_password_page()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.SystemAdmin, mustChangePassword: true);
        using var client = app.CreateAnonymousClient();

        using var signIn = await Attacker.SignInAsync(client, user, password);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        foreach (var url in new[] { "/", "/tasks", "/tasks/create", "/offices" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/password", response.Headers.Location!.OriginalString);
        }

        await client.GetPageAsync("/account/password");
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("javascript:alert(1)")]
    public async Task Signing_in_never_redirects_to_another_site(string returnUrl)
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateAnonymousClient();
        var token = await Attacker.TokenFromAsync(client, "/account/login");

        using var signIn = await client.PostAsync("/account/login", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = user,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        });
        using var already = await client.GetAsync(new Uri($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));

        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        Assert.Equal("/", already.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        using var signedIn = app.CreateBrowserlikeClient();
        using var anonymous = app.CreateAnonymousClient();
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        var responses = new List<(string Name, HttpResponseMessage Response)>
        {
            ("home", await signedIn.GetAsync(new Uri("/", UriKind.Relative))),
            ("task list", await signedIn.GetAsync(new Uri("/tasks", UriKind.Relative))),
            ("login page", await anonymous.GetAsync(new Uri("/account/login", UriKind.Relative))),
            ("404 page", await signedIn.GetAsync(new Uri("/tasks/987654", UriKind.Relative))),
            ("400 page", await signedIn.PostAsync($"/tasks/{task}/edit", new Dictionary<string, string> { ["Title"] = "x" })),
            ("site.css", await anonymous.GetAsync(new Uri("/css/site.css", UriKind.Relative))),
            ("bootstrap.min.css", await anonymous.GetAsync(new Uri("/lib/bootstrap/dist/css/bootstrap.min.css", UriKind.Relative))),
            ("health", await anonymous.GetAsync(new Uri("/health", UriKind.Relative))),
            ("redirect to login", await anonymous.GetAsync(new Uri("/tasks", UriKind.Relative))),
        };

        var offenders = new List<string>();
        foreach (var (name, response) in responses)
        {
            using (response)
            {
                offenders.AddRange(HeaderProblems(response).Select(p => $"{name} ({(int)response.StatusCode}): {p}"));
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, responses[3].Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, responses[4].Response.StatusCode);
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Fact]
    public void HSTS_is_configured_for_a_year_including_subdomains()
    {
        var hsts = app.Services.GetRequiredService<IOptions<HstsOptions>>().Value;

        Assert.Equal(TimeSpan.FromDays(365), hsts.MaxAge);
        Assert.True(hsts.IncludeSubDomains);
    }

    [Fact]
    public async Task The_sign_in_and_antiforgery_cookies_are_HttpOnly_and_SameSite()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        using var client = app.CreateAnonymousClient();

        using var form = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        var token = (await form.ReadPageAsync()).AntiforgeryToken()!;
        using var signIn = await client.PostAsync("/account/login", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = user,
            ["Password"] = password,
        });

        var antiforgery = SetCookies(form).Split('\n').Single(c => c.StartsWith("rt.af=", StringComparison.Ordinal));
        var auth = SetCookies(signIn).Split('\n').Single(c => c.StartsWith("rt.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Outside_development_and_tests_both_cookies_are_sent_over_HTTPS_only()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddReformTrackerSecurity(new ConfigurationBuilder().Build(), new ProductionEnvironment());
        using var provider = services.BuildServiceProvider();

        var auth = provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var antiforgery = provider.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;

        Assert.Equal(CookieSecurePolicy.Always, auth.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, antiforgery.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task Data_protection_keys_live_in_the_database_so_a_second_instance_accepts_the_sign_in()
    {
        var (user, password) = await Attacker.CreateUserAsync(app, Roles.Leader);
        var jar = new CookieContainer();
        using var client = Attacker.ClientWithJar(app, jar);
        using (var signIn = await Attacker.SignInAsync(client, user, password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        Assert.True(await app.WithDbAsync(db => db.DataProtectionKeys.CountAsync()) > 0);

        await using var second = app.WithWebHostBuilder(b => b.UseSetting("Database:ConnectionString", app.ConnectionString));
        using var elsewhere = second.CreateDefaultClient();
        elsewhere.DefaultRequestHeaders.Add("Cookie", jar.GetCookieHeader(Attacker.Origin));
        using var response = await elsewhere.GetAsync(new Uri("/tasks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.ReadPageAsync()).QuerySelector("[data-testid=task-table]"));
    }

    private static IEnumerable<string> HeaderProblems(HttpResponseMessage response)
    {
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                ? string.Join(", ", values)
                : null;

        var csp = Header("Content-Security-Policy");
        if (csp is null)
        {
            yield return "no Content-Security-Policy";
        }
        else
        {
            var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d, StringComparer.OrdinalIgnoreCase);
            var scripts = directives.GetValueOrDefault("script-src") ?? directives.GetValueOrDefault("default-src");
            if (scripts is null || scripts.Contains("'unsafe-inline'", StringComparison.Ordinal) || scripts.Contains("'unsafe-eval'", StringComparison.Ordinal))
            {
                yield return $"scripts not locked down: {scripts ?? "(no script-src or default-src)"}";
            }

            if (Header("X-Frame-Options") != "DENY" && directives.GetValueOrDefault("frame-ancestors") != "frame-ancestors 'none'")
            {
                yield return "can be framed";
            }
        }

        if (Header("X-Content-Type-Options") != "nosniff")
        {
            yield return "no X-Content-Type-Options: nosniff";
        }

        if (Header("Referrer-Policy") is null)
        {
            yield return "no Referrer-Policy";
        }

        if (Header("Server") is { } server)
        {
            yield return $"Server header: {server}";
        }

        if (Header("X-Powered-By") is { } powered)
        {
            yield return $"X-Powered-By header: {powered}";
        }
    }

    private static string SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? string.Join('\n', values) : string.Empty;

    private static async Task<double> TimeSignInAsync(HttpClient client, string token, string user, string password)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/account/login", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = user,
            ["Password"] = password,
        });
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private async Task ResetFailedSignInsAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await users.ResetAccessFailedCountAsync((await users.FindByNameAsync(userName))!);
    }

    private Task<int> AnyUnitAsync() => app.WithDbAsync(db => db.Units.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "ReformTracker.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
