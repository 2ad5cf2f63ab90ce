using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Errors;

[AllowAnonymous]
public sealed class ErrorsController(ILogger<ErrorsController> logger) : FeatureController
{
    [Route("error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show([FromRoute] int code)
    {
        if (code == StatusCodes.Status500InternalServerError
            && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } failure)
        {
            logger.LogError(failure.Error, "Unhandled exception on {Path}", failure.Path);
        }

        Response.StatusCode = code;
        ViewData["Title"] = L[code == 404 ? "页面不存在" : "出错了"].Value;
        return code switch
        {
            StatusCodes.Status404NotFound => View("NotFound"),
            StatusCodes.Status403Forbidden => View("Forbidden"),
            StatusCodes.Status400BadRequest => View("BadRequest"),
            StatusCodes.Status429TooManyRequests => View("TooManyRequests"),
            _ => View("Error", code),
        };
    }

    /// <summary>Stores the chosen language in the culture cookie and goes back to where the user was.</summary>
    [HttpPost("culture")]
    public IActionResult SetCulture(string? culture, string? returnUrl)
    {
        var chosen = WebServiceCollectionExtensions.SupportedCultures.FirstOrDefault(c => c.Name == culture)?.Name ?? "zh-CN";
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
