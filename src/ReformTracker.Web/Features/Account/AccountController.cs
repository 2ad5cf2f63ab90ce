using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Account;

[Route("account")]
public sealed class AccountController : FeatureController
{
    [HttpGet("login")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl(returnUrl)) : View(new Authenticate.Form { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [AllowAnonymous]
    [EnableRateLimiting(SecurityServiceCollectionExtensions.LoginRateLimit)]
    public async Task<IActionResult> Login(Authenticate.Form form, [FromServices] Authenticate.Handler handler, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        switch (await handler.HandleAsync(form, cancellationToken))
        {
            case Authenticate.Outcome.SignedIn:
                DropAntiforgeryCookie();
                return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
            case Authenticate.Outcome.MustChangePassword:
                DropAntiforgeryCookie();
                return Redirect("/account/password");
            default:
                var lockout = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.Lockout;
                ModelState.AddModelError(string.Empty, L["用户名或密码错误。连续 {0} 次错误后账户将被锁定 {1} 分钟。", lockout.MaxFailedAccessAttempts, (int)lockout.DefaultLockoutTimeSpan.TotalMinutes]);
                form.Password = null;
                return View(form);
        }
    }

    [HttpPost("logout")]
    [Authorize]
    [AllowedBeforePasswordChange]
    public async Task<IActionResult> Logout([FromServices] SignInManager<AppUser> signIn, [FromServices] SecurityEvents events, CancellationToken cancellationToken)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is not null)
        {
            // A new stamp also ends any copy of this cookie elsewhere.
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            await events.RecordAsync(AuditAction.SignedOut, "User", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }

        await signIn.SignOutAsync();
        return Redirect("/account/login");
    }

    [HttpGet("password")]
    [Authorize(Policy = Permissions.AccountSelf)]
    [AllowedBeforePasswordChange]
    public IActionResult Password() => View(new ChangePassword.Form());

    [HttpPost("password")]
    [Authorize(Policy = Permissions.AccountSelf)]
    [AllowedBeforePasswordChange]
    public async Task<IActionResult> Password(ChangePassword.Form form, [FromServices] ChangePassword.Handler handler, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(form, cancellationToken);
            if (result.Succeeded)
            {
                Flash("密码已修改");
                return Redirect("/");
            }

            AddErrors(result);
        }

        return View(new ChangePassword.Form());
    }

    [HttpGet("email")]
    [Authorize(Policy = Permissions.AccountSelf)]
    public async Task<IActionResult> Email([FromServices] SetEmail.Handler handler)
    {
        var model = await handler.PageAsync();
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("email")]
    [Authorize(Policy = Permissions.AccountSelf)]
    public async Task<IActionResult> Email(SetEmail.Form form, [FromServices] SetEmail.Handler handler)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(form);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("通知邮箱已保存");
                return Redirect("/account/email");
            }

            AddErrors(result);
        }

        return View(handler.With(form));
    }

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    /// <summary>
    /// Form tokens are bound to the user id and this cookie; a new cookie for every sign-in makes tokens issued in an
    /// earlier session of the same user worthless.
    /// </summary>
    private void DropAntiforgeryCookie()
    {
        var cookie = HttpContext.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie;
        Response.Cookies.Delete(cookie.Name!, cookie.Build(HttpContext));
    }
}
