using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.RecycleBin;

/// <summary>Soft deletion of tasks, offices, units and plans, and their restoration from the recycle bin.</summary>
public sealed class RecycleBinController : FeatureController
{
    [HttpPost("/tasks/{id:int}/delete")]
    [Authorize(Policy = Permissions.TasksManage)]
    public Task<IActionResult> DeleteTask(int id, [FromServices] DeleteRecord.Handler handler, CancellationToken cancellationToken) =>
        DeleteAsync(RecordKind.Task, id, "/tasks", $"/tasks/{id}/edit", handler, cancellationToken);

    [HttpPost("/offices/{id:int}/delete")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public Task<IActionResult> DeleteOffice(int id, [FromServices] DeleteRecord.Handler handler, CancellationToken cancellationToken) =>
        DeleteAsync(RecordKind.Office, id, "/offices", $"/offices/{id}/edit", handler, cancellationToken);

    [HttpPost("/units/{id:int}/delete")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public Task<IActionResult> DeleteUnit(int id, [FromServices] DeleteRecord.Handler handler, CancellationToken cancellationToken) =>
        DeleteAsync(RecordKind.Unit, id, "/units", $"/units/{id}/edit", handler, cancellationToken);

    [HttpPost("/plans/{id:int}/delete")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public Task<IActionResult> DeletePlan(int id, [FromServices] DeleteRecord.Handler handler, CancellationToken cancellationToken) =>
        DeleteAsync(RecordKind.Plan, id, "/plans", $"/plans/{id}/edit", handler, cancellationToken);

    [HttpGet("/recycle-bin")]
    [Authorize(Policy = Permissions.RecordsRestore)]
    public async Task<IActionResult> Index([FromServices] DeletedRecords.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));

    [HttpPost("/recycle-bin/{kind}/{id:int}/restore")]
    [Authorize(Policy = Permissions.RecordsRestore)]
    public async Task<IActionResult> Restore(string kind, int id, [FromServices] RestoreRecord.Handler handler, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<RecordKind>(kind, ignoreCase: true, out var recordKind) || !Enum.IsDefined(recordKind))
        {
            return NotFound();
        }

        var result = await handler.HandleAsync(recordKind, id, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        TempData["Flash"] = result.Succeeded ? L["已恢复"].Value : result.Errors[0].Message;
        return Redirect("/recycle-bin");
    }

    private async Task<IActionResult> DeleteAsync(RecordKind kind, int id, string listUrl, string editUrl, DeleteRecord.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(kind, id, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            TempData["FlashError"] = result.Errors[0].Message;
            return Redirect(editUrl);
        }

        Flash("已删除，可在回收站恢复");
        return Redirect(listUrl);
    }
}
