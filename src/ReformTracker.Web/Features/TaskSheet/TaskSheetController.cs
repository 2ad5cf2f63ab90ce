using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Features.Tasks;
using ReformTracker.Web.Infrastructure.Spreadsheets;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.TaskSheet;

/// <summary>Excel in and out: import a plan's task sheet (template, upload and preview, confirm) and export any filtered task list.</summary>
public sealed class TaskSheetController : FeatureController
{
    /// <summary>The upload's multipart section: a little above 5 MB, so that the size check with its Chinese message decides.</summary>
    internal const long SectionLimit = TaskSheetReader.MaxBytes + (64 * 1024);

    [HttpGet("/tasks/export")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Export([FromQuery] TaskList.Query query, [FromServices] ExportTasks.Handler handler, CancellationToken cancellationToken)
    {
        // Like the list: a malformed filter value binds as "no filter".
        ModelState.Clear();
        var file = await handler.HandleAsync(query, cancellationToken);
        return File(file.Content, XlsxWriter.ContentType, file.FileName);
    }

    [HttpGet("/plans/{planId:int}/import")]
    [Authorize(Policy = Permissions.TasksManage)]
    public async Task<IActionResult> Import(int planId, [FromServices] ImportTasks.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.PageAsync(planId, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("/plans/{planId:int}/import/template")]
    [Authorize(Policy = Permissions.TasksManage)]
    public async Task<IActionResult> Template(int planId, [FromServices] ImportTemplate.Handler handler, CancellationToken cancellationToken)
    {
        var file = await handler.HandleAsync(planId, cancellationToken);
        return file is null ? NotFound() : File(file.Content, XlsxWriter.ContentType, file.FileName);
    }

    [HttpPost("/plans/{planId:int}/import")]
    [Authorize(Policy = Permissions.TasksManage)]
    [RequestSizeLimit(SectionLimit + (64 * 1024))]
    [RequestFormLimits(MultipartBodyLengthLimit = SectionLimit)]
    [ImportUploadGuard]
    public async Task<IActionResult> Import(int planId, IFormFile? file, [FromServices] ImportTasks.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.PreviewAsync(planId, file, cancellationToken);
        return result.Outcome == ImportTasks.Outcome.NotFound ? NotFound() : View(result.Model);
    }

    [HttpPost("/plans/{planId:int}/import/confirm")]
    [Authorize(Policy = Permissions.TasksManage)]
    public async Task<IActionResult> Confirm(int planId, string? token, [FromServices] ImportTasks.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.ConfirmAsync(planId, token, cancellationToken);
        switch (result.Outcome)
        {
            case ImportTasks.Outcome.NotFound:
                return NotFound();
            case ImportTasks.Outcome.Done:
                TempData["Flash"] = result.Message;
                return Redirect($"/tasks?plan={planId}");
            default:
                return View(nameof(Import), result.Model);
        }
    }
}
