using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace ReformTracker.Web.Features.TaskSheet;

/// <summary>
/// Reads the multipart body before antiforgery validation does, so that an upload over the size limit or cut short
/// gets the import page with a Chinese message (413 or 400) instead of an error page. Runs after [RequestSizeLimit]
/// and [RequestFormLimits] (order 900) have set the limits, before antiforgery (1000).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportUploadGuardAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
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
        var planId = int.TryParse(context.RouteData.Values["planId"]?.ToString(), out var id) ? id : 0;
        var model = await services.GetRequiredService<ImportTasks.Handler>().PageAsync(planId, http.RequestAborted);
        if (model is null)
        {
            context.Result = new NotFoundResult();
            return;
        }

        model.Refusal = tooLarge ? l["文件超过 5 MB，请删除无关内容后再导入"] : l["上传未完成，请重新选择文件后再试"];
        context.Result = new ViewResult
        {
            ViewName = "Import",
            ViewData = new ViewDataDictionary(new EmptyModelMetadataProvider(), context.ModelState) { Model = model },
            StatusCode = tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
        };
    }
}
