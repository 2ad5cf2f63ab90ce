using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests.Security;

/// <summary>Nothing is reachable unless someone decided it should be: every action names its permission, and strangers meet the login page.</summary>
public sealed class DefaultDenyTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>Actions open to anyone signed in, whatever their role.</summary>
    private static readonly HashSet<string> PlainAuthorizeAllowed = new(StringComparer.Ordinal)
    {
        "HomeController.Index [GET]",
        "AccountController.Logout [POST]",
    };

    /// <summary>Actions open to strangers ("Controller.*" opens the whole controller).</summary>
    private static readonly HashSet<string> AnonymousAllowed = new(StringComparer.Ordinal)
    {
        "AccountController.Login [GET]",
        "AccountController.Login [POST]",
        "ErrorsController.*",
    };

    /// <summary>Re-executed error pages must answer whatever method the failed request used.</summary>
    private static readonly HashSet<string> AntiforgeryExempt = new(StringComparer.Ordinal) { "ErrorsController.Show [ANY]" };

    private static readonly HashSet<string> AnonymousRoutePatterns = new(StringComparer.Ordinal) { "account/login", "error/{code:int}", "culture", "/health" };

    [Fact]
    public void Every_controller_action_names_a_permission_or_is_on_an_allow_list()
    {
        var offenders = new List<string>();
        foreach (var (controller, action) in Actions())
        {
            var name = Describe(controller, action);
            var attributes = AttributesOf(controller, action);
            if (attributes.OfType<IAllowAnonymous>().Any())
            {
                if (!IsListed(AnonymousAllowed, controller, name))
                {
                    offenders.Add($"{name}: [AllowAnonymous] but not on the anonymous allow-list");
                }

                continue;
            }

            var authorize = attributes.OfType<IAuthorizeData>().ToList();
            if (authorize.Count == 0)
            {
                offenders.Add($"{name}: no [Authorize]");
                continue;
            }

            foreach (var data in authorize)
            {
                if (!string.IsNullOrEmpty(data.Roles))
                {
                    offenders.Add($"{name}: tests roles ({data.Roles}) instead of a permission");
                }

                if (data.Policy is { } policy && !Permissions.All.Contains(policy))
                {
                    offenders.Add($"{name}: policy \"{policy}\" is not one of Permissions.All");
                }
            }

            if (authorize.All(a => a.Policy is null) && !PlainAuthorizeAllowed.Contains(name))
            {
                offenders.Add($"{name}: plain [Authorize] (any signed-in user) but not on the allow-list");
            }
        }

        Assert.True(offenders.Count == 0, "Actions outside the default-deny rule:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_reflected_actions_are_all_the_actions_MVC_serves()
    {
        var served = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .Select(d => $"{d.ControllerTypeInfo.Name}.{d.MethodInfo.Name}/{d.MethodInfo.GetParameters().Length}")
            .Order(StringComparer.Ordinal)
            .ToList();
        // The ceiling page is served only in the benchmark configuration (BenchmarkTests prove both sides).
        var reflected = Actions()
            .Where(a => a.Controller != typeof(ReformTracker.Web.Features.Benchmark.BenchmarkController))
            .Select(a => $"{a.Controller.Name}.{a.Action.Name}/{a.Action.GetParameters().Length}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(served, reflected);
        Assert.True(reflected.Count >= 20, $"Only {reflected.Count} actions found: is the assembly scan broken?");
    }

    [Fact]
    public async Task Every_permission_is_a_registered_policy_and_the_fallback_requires_a_signed_in_user()
    {
        var provider = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var permission in Permissions.All)
        {
            var policy = await provider.GetPolicyAsync(permission);
            Assert.NotNull(policy);
            var roles = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().Single();
            Assert.Equal(RolePermissions.RolesWith(permission).Order(), roles.AllowedRoles.Order());
        }

        var fallback = await provider.GetFallbackPolicyAsync();
        Assert.NotNull(fallback);
        Assert.Contains(fallback.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
    }

    [Fact]
    public void Every_post_is_checked_for_an_antiforgery_token()
    {
        var filters = app.Services.GetRequiredService<IOptions<MvcOptions>>().Value.Filters;
        Assert.Contains(filters, f => f is AutoValidateAntiforgeryTokenAttribute);

        var offenders = new List<string>();
        var posts = 0;
        foreach (var (controller, action) in Actions())
        {
            var name = Describe(controller, action);
            posts += name.EndsWith("[POST]", StringComparison.Ordinal) ? 1 : 0;
            var attributes = AttributesOf(controller, action);
            var optedOut = attributes.OfType<IgnoreAntiforgeryTokenAttribute>().Any()
                || attributes.OfType<IAntiforgeryMetadata>().Any(m => !m.RequiresValidation);
            if (optedOut && !AntiforgeryExempt.Contains(name))
            {
                offenders.Add(name);
            }
        }

        Assert.True(offenders.Count == 0, "Actions that skip the antiforgery check:\n" + string.Join('\n', offenders));
        Assert.True(posts >= 10, $"Only {posts} POST actions found");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/tasks")]
    [InlineData("/tasks?q=改革&sort=-due")]
    [InlineData("/tasks/1")]
    [InlineData("/tasks/999999")]
    [InlineData("/tasks/create")]
    [InlineData("/tasks/1/edit")]
    [InlineData("/offices")]
    [InlineData("/offices/create")]
    [InlineData("/offices/1/edit")]
    [InlineData("/units")]
    [InlineData("/units/create")]
    [InlineData("/units/1/edit")]
    [InlineData("/plans")]
    [InlineData("/plans/create")]
    [InlineData("/plans/1/edit")]
    [InlineData("/account/password")]
    [InlineData("/audit")]
    [InlineData("/users")]
    [InlineData("/no-such-page")]
    public async Task A_stranger_is_sent_to_the_login_page(string url)
    {
        using var client = app.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.True(Attacker.SendsToLogin(response), $"GET {url}: {(int)response.StatusCode} {response.Headers.Location}");
        Assert.DoesNotContain("rt.auth", string.Join(';', response.Headers.TryGetValues("Set-Cookie", out var c) ? c : []), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health")]
    [InlineData("/css/site.css")]
    [InlineData("/lib/bootstrap/dist/css/bootstrap.min.css")]
    public async Task The_login_page_health_check_and_static_files_answer_a_stranger(string url)
    {
        using var client = app.CreateAnonymousClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_GET_route_the_app_maps_sends_a_stranger_to_the_login_page()
    {
        using var client = app.CreateAnonymousClient();
        var checkedRoutes = new List<string>();
        var offenders = new List<string>();
        foreach (var endpoint in RouteEndpoints())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is { Count: > 0 } && !methods.Contains("GET"))
            {
                continue;
            }

            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                if (!AnonymousRoutePatterns.Contains(pattern))
                {
                    offenders.Add($"{pattern}: open to strangers");
                }

                continue;
            }

            var url = Concrete(endpoint);
            checkedRoutes.Add(url);
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if (!Attacker.SendsToLogin(response))
            {
                offenders.Add($"GET {url}: {(int)response.StatusCode}");
            }
        }

        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
        Assert.Contains("/tasks/1/edit", checkedRoutes);
    }

    [Fact]
    public async Task A_strangers_POST_to_any_route_changes_nothing_and_is_sent_to_the_login_page()
    {
        using var client = app.CreateAnonymousClient();
        var token = await Attacker.TokenFromAsync(client, "/account/login");
        var before = await CountsAsync();
        var offenders = new List<string>();
        foreach (var endpoint in RouteEndpoints())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || !methods.Contains("POST") || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }

            var url = Concrete(endpoint);
            using var response = await client.PostAsync(url, new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Name"] = "匿名者",
                ["ShortName"] = "匿名",
                ["Title"] = "匿名者的任务",
                ["Code"] = "ANON-1",
                ["StartYear"] = "2026",
                ["EndYear"] = "2026",
            });
            if (!Attacker.SendsToLogin(response))
            {
                offenders.Add($"POST {url}: {(int)response.StatusCode}");
            }
        }

        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
        Assert.Equal(before, await CountsAsync());
    }

    private static IEnumerable<(Type Controller, MethodInfo Action)> Actions() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(Controller).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => !m.IsSpecialName
                    && m.DeclaringType != typeof(Controller)
                    && m.DeclaringType != typeof(ControllerBase)
                    && m.DeclaringType != typeof(object)
                    && !m.IsDefined(typeof(NonActionAttribute), inherit: true))
                .Select(m => (t, m)));

    private static List<object> AttributesOf(Type controller, MethodInfo action) =>
        [.. action.GetCustomAttributes(inherit: true), .. controller.GetCustomAttributes(inherit: true)];

    private static string Describe(Type controller, MethodInfo action)
    {
        var verbs = action.GetCustomAttributes(inherit: true).OfType<IActionHttpMethodProvider>().SelectMany(p => p.HttpMethods).Distinct().ToList();
        return $"{controller.Name}.{action.Name} [{(verbs.Count == 0 ? "ANY" : string.Join(',', verbs))}]";
    }

    private static bool IsListed(HashSet<string> list, Type controller, string name) =>
        list.Contains(name) || list.Contains($"{controller.Name}.*");

    private IEnumerable<RouteEndpoint> RouteEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    /// <summary>A URL for the route pattern, every parameter filled with 1.</summary>
    private static string Concrete(RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "1",
        })));
        return "/" + string.Join('/', segments);
    }

    private Task<(int Tasks, int Offices, int Units, int Plans)> CountsAsync() =>
        app.WithDbAsync(async db => (await db.Tasks.CountAsync(), await db.Offices.CountAsync(), await db.Units.CountAsync(), await db.Plans.CountAsync()));
}
