using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using ReformTracker.Web.Data;

namespace ReformTracker.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    public const string LoginRateLimit = "login";

    public static IServiceCollection AddReformTrackerSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(SecurityOptions.SectionName);
        services.Configure<SecurityOptions>(section);
        var security = section.Get<SecurityOptions>() ?? new SecurityOptions();

        services.AddHttpContextAccessor();
        services.AddScoped(sp => CurrentUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User));

        services
            .AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = security.MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddDefaultTokenProviders();
        if (security.PasswordHashIterations is { } iterations)
        {
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
        }

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "rt.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = SecureCookies(environment);
            o.ExpireTimeSpan = TimeSpan.FromMinutes(security.IdleTimeoutMinutes);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async context =>
            {
                if (IsPastAbsoluteLifetime(context, security))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromSeconds(security.RevalidateSeconds);
            // A refreshed cookie keeps the original sign-in time, so the absolute lifetime cannot be extended.
            o.OnRefreshingPrincipal = context =>
            {
                var signedInAt = context.CurrentPrincipal?.FindFirst(ClaimNames.SignedInAt);
                var identity = context.NewPrincipal?.Identities.FirstOrDefault();
                if (signedInAt is not null && identity is not null)
                {
                    identity.FindAll(ClaimNames.SignedInAt).ToList().ForEach(c => identity.RemoveClaim(c));
                    identity.AddClaim(new System.Security.Claims.Claim(ClaimNames.SignedInAt, signedInAt.Value));
                }

                return Task.CompletedTask;
            };
        });
        services.ConfigureExternalCookie(o => o.Cookie.SecurePolicy = SecureCookies(environment));

        services.AddAuthorization(o =>
        {
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var permission in Permissions.All)
            {
                o.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireRole(RolePermissions.RolesWith(permission)));
            }
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedAuthorizationResultHandler>();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "rt.af";
            o.Cookie.SecurePolicy = SecureCookies(environment);
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = security.LoginAttemptsPerMinutePerAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddDataProtection().SetApplicationName("ReformTracker").PersistKeysToDbContext<AppDbContext>();
        return services;
    }

    /// <summary>Cookies are Secure everywhere except local development and the test hosts, which speak plain HTTP on 127.0.0.1.</summary>
    private static CookieSecurePolicy SecureCookies(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing") ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    private static bool IsPastAbsoluteLifetime(CookieValidatePrincipalContext context, SecurityOptions security)
    {
        // The earliest sign-in time counts: a refreshed cookie (after a password change) carries the original one too.
        var times = context.Principal?.FindAll(ClaimNames.SignedInAt)
            .Select(c => long.TryParse(c.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : (long?)null)
            .OfType<long>().ToList() ?? [];
        if (times.Count == 0)
        {
            return true;
        }

        var seconds = times.Min();

        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        return clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > TimeSpan.FromHours(security.AbsoluteTimeoutHours);
    }
}
