using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Domain.Reporting;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>
/// For forms that carry evidence files with other fields (a notice response, a close-out application), used with
/// [RequestSizeLimit(BodyLimit)] and [RequestFormLimits(MultipartBodyLengthLimit = SectionLimit)]: reads the multipart
/// body before antiforgery does, so that a body over the limits goes back to
/// the form page with a Chinese message beside the file input (TempData "UploadError") instead of an error page.
/// The form page is <c>backUrl</c> with <c>{name}</c> taken from the route (an integer id). Nothing is saved.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EvidenceUploadGuardAttribute(string backUrl) : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public const string TempDataKey = "UploadError";

    /// <summary>One file's multipart section: a little above 20 MB, so that the intake's size check with its message decides.</summary>
    public const long SectionLimit = EvidenceFile.MaxBytes + (64 * 1024);

    /// <summary>Whole body: the files plus the text fields.</summary>
    public const long BodyLimit = (EvidenceFile.MaxFilesPerOwner * SectionLimit) + (1024 * 1024);

    /// <summary>After the limits are set, before antiforgery (1000), like <see cref="ReadUploadFormFirstAttribute"/>.</summary>
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (!http.Request.HasFormContentType)
        {
            return;
        }

        string message;
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
            return;
        }
        catch (InvalidDataException)
        {
            message = l["上传的文件过大：单个文件不超过 20 MB"];
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            message = l["上传的文件过大：单个文件不超过 20 MB"];
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            message = l["上传未完成，请重新选择文件后再试"];
        }

        var url = backUrl;
        foreach (var (key, value) in context.RouteData.Values)
        {
            if (int.TryParse(value?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                url = url.Replace("{" + key + "}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }
        }

        var tempData = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
        tempData[TempDataKey] = message;

        // Saved here because a filter that answers early runs before MVC's own temp-data saving is set up.
        tempData.Save();
        context.Result = new RedirectResult(url);
    }
}
