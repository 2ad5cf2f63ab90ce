using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>
/// Reads the multipart body before antiforgery validation does (that would fail with an error page when the body
/// breaks the size limits), so an oversized or broken upload gets a Chinese answer instead of a 500.
/// Runs after [RequestSizeLimit] and [RequestFormLimits] (order 900) have set the limits, before antiforgery (1000).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadUploadFormFirstAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (!http.Request.HasFormContentType)
        {
            return;
        }

        bool tooLarge;
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
            return;
        }
        catch (InvalidDataException)
        {
            tooLarge = true;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            tooLarge = true;
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            tooLarge = false;
        }

        var services = http.RequestServices;
        var l = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var reportId = int.TryParse(context.RouteData.Values["reportId"]?.ToString(), out var id) ? id : 0;
        var report = await services.GetRequiredService<EvidenceReport.Handler>().FindAsync(reportId, http.RequestAborted);
        var result = EvidenceReport.RefusalToChange(report, l)
            ?? (tooLarge
                ? EvidenceResult.TooLarge(report!, l["上传的文件过大：单个文件不超过 20 MB"])
                : EvidenceResult.Invalid(report!, l["上传未完成，请重新选择文件后再试"]));
        context.Result = EvidenceResponses.Refusal(http, result, l["无法修改附件"]);
    }
}
