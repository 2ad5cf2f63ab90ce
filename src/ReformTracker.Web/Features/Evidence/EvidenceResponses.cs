using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>What the refusal page shows: a title, the reason, and the way back to the report form when there is one.</summary>
public sealed record EvidenceRefusal(string Title, string Message, string? BackUrl);

/// <summary>
/// Turns refusals into answers: JSON {error} for the form page's script (Accept: application/json), otherwise a
/// redirect to the report form with the message, a 403 page with the reason, or the ordinary 404 page.
/// Usable from a filter, which has no controller at hand.
/// </summary>
internal static class EvidenceResponses
{
    public static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    public static IActionResult Refusal(HttpContext http, EvidenceResult result, string forbiddenTitle)
    {
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Status switch
        {
            EvidenceStatus.NotFound => StatusCodes.Status404NotFound,
            EvidenceStatus.Forbidden => StatusCodes.Status403Forbidden,
            EvidenceStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        };
        if (WantsJson(http.Request))
        {
            return new JsonResult(new { error = result.Error }) { StatusCode = status };
        }

        return result.Status switch
        {
            EvidenceStatus.NotFound => new NotFoundResult(),
            EvidenceStatus.Forbidden => Page(http, status, new EvidenceRefusal(forbiddenTitle, result.Error ?? string.Empty, result.Report?.FormUrl)),
            _ => BackToForm(http, result.Error ?? string.Empty, result.Report!.FormUrl),
        };
    }

    public static ViewResult Page(HttpContext http, int statusCode, EvidenceRefusal refusal)
    {
        var services = http.RequestServices;
        return new ViewResult
        {
            ViewName = "~/Features/Evidence/Refused.cshtml",
            StatusCode = statusCode,
            ViewData = new ViewDataDictionary<EvidenceRefusal>(services.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary()) { Model = refusal },
            TempData = services.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http),
        };
    }

    private static RedirectResult BackToForm(HttpContext http, string error, string formUrl)
    {
        var tempData = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
        tempData["FlashError"] = error;

        // Saved here because a filter that answers early runs before MVC's own temp-data saving is set up.
        tempData.Save();
        return new RedirectResult(formUrl);
    }
}
