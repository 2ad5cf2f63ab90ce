using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>Evidence files of monthly reports: upload and removal by the lead unit while the report is editable, download for anyone who sees the task.</summary>
public sealed class EvidenceController : FeatureController
{
    /// <summary>One file's multipart section: a little above 20 MB, so that the size check with its Chinese message decides.</summary>
    private const long SectionLimit = EvidenceFile.MaxBytes + (64 * 1024);

    [HttpPost("/reports/{reportId:int}/evidence")]
    [Authorize(Policy = Permissions.ReportsFile)]
    [RequestSizeLimit(EvidenceFile.MaxFilesPerReport * SectionLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = SectionLimit)]
    [ReadUploadFormFirst]
    public async Task<IActionResult> Upload(
        int reportId, [FromForm(Name = "files")] List<IFormFile>? files, [FromServices] UploadEvidence.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(reportId, files ?? [], cancellationToken);
        if (!result.Succeeded)
        {
            return EvidenceResponses.Refusal(HttpContext, result, L["无法修改附件"]);
        }

        if (EvidenceResponses.WantsJson(Request))
        {
            return Json(new { files = result.Files });
        }

        TempData["Flash"] = L["已上传 {0} 个附件", result.Files.Count].Value;
        return Redirect(result.Report!.FormUrl);
    }

    [HttpGet("/evidence/{id:int}")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Download(int id, [FromServices] DownloadEvidence.Handler handler, CancellationToken cancellationToken)
    {
        var file = await handler.HandleAsync(id, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        if (file.Content is null)
        {
            return EvidenceResponses.Page(
                HttpContext,
                StatusCodes.Status404NotFound,
                new EvidenceRefusal(L["附件文件不存在"], L["附件记录还在，但文件已不在服务器上。请联系系统管理员，或由填报单位重新上传。"], file.ReportFormUrl));
        }

        return File(file.Content, file.ContentType, file.FileName);
    }

    [HttpPost("/evidence/{id:int}/delete")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Delete(int id, [FromServices] DeleteEvidence.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(id, cancellationToken);
        if (!result.Succeeded)
        {
            return EvidenceResponses.Refusal(HttpContext, result, L["无法修改附件"]);
        }

        if (EvidenceResponses.WantsJson(Request))
        {
            return Json(new { deleted = id });
        }

        Flash("附件已删除");
        return Redirect(result.Report!.FormUrl);
    }
}
