using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ReformTracker.Web.Features.Shared;

/// <summary>What every feature controller shares: the localizer, a one-line flash after a redirect, and refusals into ModelState.</summary>
public abstract class FeatureController : Controller
{
    private IStringLocalizer<SharedResource>? _localizer;

    protected IStringLocalizer<SharedResource> L =>
        _localizer ??= HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    protected void Flash(string chineseText) => TempData["Flash"] = L[chineseText].Value;

    protected void AddErrors(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }
    }
}
