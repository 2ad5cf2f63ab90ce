using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Extensions;

public sealed class ExtensionsController : FeatureController
{
    [HttpGet("/tasks/{taskId:int}/extension")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Ask(int taskId, [FromServices] RequestExtension.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.PageAsync(taskId, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("/tasks/{taskId:int}/extension")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Ask(
        int taskId, RequestExtension.Form form, [FromServices] RequestExtension.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(taskId, form, cancellationToken);
        switch (result.Outcome)
        {
            case RequestExtension.Outcome.NotFound:
                return NotFound();
            case RequestExtension.Outcome.Forbidden:
                return Forbid();
            case RequestExtension.Outcome.Done:
                TempData["Flash"] = result.Message;
                return Redirect($"/tasks/{taskId}/extension");
        }

        ModelState.AddModelError(string.Empty, result.Message!);
        var model = (await handler.PageAsync(taskId, cancellationToken))!;
        model.Form = form;
        return View(model);
    }

    [HttpGet("/extensions")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromServices] ExtensionList.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));

    [HttpPost("/extensions/{id:int}/approve")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public Task<IActionResult> Approve(int id, DecideExtension.Form form, [FromServices] DecideExtension.Handler handler, CancellationToken cancellationToken) =>
        DecideAsync(id, true, form, handler, cancellationToken);

    [HttpPost("/extensions/{id:int}/reject")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public Task<IActionResult> Reject(int id, DecideExtension.Form form, [FromServices] DecideExtension.Handler handler, CancellationToken cancellationToken) =>
        DecideAsync(id, false, form, handler, cancellationToken);

    private async Task<IActionResult> DecideAsync(int id, bool approve, DecideExtension.Form form, DecideExtension.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(id, approve, form, cancellationToken);
        switch (result.Outcome)
        {
            case RequestExtension.Outcome.NotFound:
                return NotFound();
            case RequestExtension.Outcome.Done:
                TempData["Flash"] = result.Message;
                break;
            default:
                TempData["FlashError"] = result.Message;
                break;
        }

        return Redirect("/extensions");
    }
}
