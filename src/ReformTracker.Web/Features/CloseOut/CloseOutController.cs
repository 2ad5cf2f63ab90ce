using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Evidence;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.CloseOut;

/// <summary>销号: the lead unit applies with evidence, the task's office verifies and approves or returns.</summary>
public sealed class CloseOutController : FeatureController
{
    [HttpGet("/tasks/{taskId:int}/closeout")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Apply(int taskId, [FromServices] ApplyCloseOut.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.PageAsync(taskId, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("/tasks/{taskId:int}/closeout")]
    [Authorize(Policy = Permissions.ReportsFile)]
    [RequestSizeLimit(EvidenceUploadGuardAttribute.BodyLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = EvidenceUploadGuardAttribute.SectionLimit)]
    [EvidenceUploadGuard("/tasks/{taskId}/closeout")]
    public async Task<IActionResult> Apply(
        int taskId,
        ApplyCloseOut.Form form,
        [FromForm(Name = ApplyCloseOut.FilesField)] List<IFormFile>? files,
        [FromServices] ApplyCloseOut.Handler handler,
        CancellationToken cancellationToken)
    {
        switch (await handler.AccessAsync(taskId, cancellationToken))
        {
            case ApplyCloseOut.Access.NotFound:
                return NotFound();
            case ApplyCloseOut.Access.Forbidden:
                return Forbid();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(taskId, form, files ?? [], cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("销号申请已提交，等待专项办核验");
                return Redirect($"/tasks/{taskId}/closeout");
            }

            AddErrors(result);
        }

        var model = (await handler.PageAsync(taskId, cancellationToken))!;
        model.Form = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(model);
    }

    [HttpGet("/closeouts")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromServices] CloseOutList.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));

    [HttpGet("/closeouts/{id:int}")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Review(int id, [FromServices] DecideCloseOut.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.PageAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("/closeouts/{id:int}/approve")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public Task<IActionResult> Approve(int id, DecideCloseOut.Form form, [FromServices] DecideCloseOut.Handler handler, CancellationToken cancellationToken) =>
        DecideAsync(id, true, form, handler, cancellationToken);

    [HttpPost("/closeouts/{id:int}/return")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public Task<IActionResult> Return(int id, DecideCloseOut.Form form, [FromServices] DecideCloseOut.Handler handler, CancellationToken cancellationToken) =>
        DecideAsync(id, false, form, handler, cancellationToken);

    private async Task<IActionResult> DecideAsync(int id, bool approve, DecideCloseOut.Form form, DecideCloseOut.Handler handler, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(id, approve, form, cancellationToken);
        switch (result.Outcome)
        {
            case DecideCloseOut.Outcome.NotFound:
                return NotFound();
            case DecideCloseOut.Outcome.Forbidden:
                return Forbid();
            case DecideCloseOut.Outcome.Done:
                TempData["Flash"] = result.Message;
                return Redirect("/closeouts");
        }

        // The review page again, the reason as typed and the message beside the field it concerns.
        var model = await handler.PageAsync(id, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        model.Form = form;
        ViewData["Decision"] = approve ? "approve" : "return";
        ModelState.AddModelError(result.Field, result.Message!);
        Response.StatusCode = string.IsNullOrEmpty(result.Field) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View(nameof(Review), model);
    }
}
