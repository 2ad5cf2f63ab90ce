using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests.Security;

/// <summary>What the security tests do the way an attacker would: sign in by hand, keep and replay cookies, make throwaway users.</summary>
internal static class Attacker
{
    public static readonly Uri Origin = new("http://localhost/");

    /// <summary>True when the answer sends the client to the login page (the app's "you are not signed in").</summary>
    public static bool SendsToLogin(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location)
        {
            return false;
        }

        var absolute = location.IsAbsoluteUri ? location : new Uri(Origin, location);
        return absolute.AbsolutePath == "/account/login";
    }

    /// <summary>A client whose cookies the test can read and copy.</summary>
    public static HttpClient ClientWithJar(TestApp app, CookieContainer jar) => app.CreateDefaultClient(new CookieContainerHandler(jar));

    /// <summary>A client that sends exactly the Cookie header it is given and keeps nothing.</summary>
    public static HttpClient ReplayingClient(TestApp app, string cookieHeader)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateDefaultClient();
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    public static async Task<string> TokenFromAsync(HttpClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        return page.AntiforgeryToken() ?? throw new InvalidOperationException($"No antiforgery token on {url}");
    }

    /// <summary>GETs the login form and posts it, as a browser would.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var token = await TokenFromAsync(client, "/account/login");
        return await client.PostAsync("/account/login", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = password,
        });
    }

    public static string LoginError(IHtmlDocument page) =>
        page.QuerySelector("[data-testid=login-error]")?.TextContent.Trim() ?? string.Empty;

    public static async Task SignOutAsync(HttpClient client)
    {
        var token = await TokenFromAsync(client, "/account/password");
        using var response = await client.PostAsync("/account/logout", [new("__RequestVerificationToken", token)]);
        Assert.True(SendsToLogin(response), $"Signing out answered {(int)response.StatusCode}");
    }

    /// <summary>A fresh account of its own, so lockouts and stamp changes in one test never touch another.</summary>
    public static async Task<(string UserName, string Password)> CreateUserAsync(
        TestApp app, string role, int? unitId = null, int? officeId = null, bool mustChangePassword = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        var userName = $"t{Guid.NewGuid():N}"[..12];
        var password = $"Pw{Guid.NewGuid():N}"[..10] + "26";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(
            new AppUser
            {
                UserName = userName,
                DisplayName = "测试用户",
                Role = role,
                UnitId = unitId,
                OfficeId = officeId,
                MustChangePassword = mustChangePassword,
                CreatedAtUtc = DateTime.UtcNow,
            },
            password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return (userName, password);
    }

    /// <summary>Advances the app's clock; tests only ever move it forward, so no cookie is ever issued "in the future".</summary>
    public static void Advance(this TestClock clock, TimeSpan by)
    {
        ArgumentNullException.ThrowIfNull(clock);
        clock.Now += by;
    }
}
