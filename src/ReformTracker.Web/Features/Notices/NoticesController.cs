using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Evidence;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

[Route("notices")]
public sealed class NoticesController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromQuery] NoticeList.Query query, [FromServices] NoticeList.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed filter value (status=abc) binds as "no filter": the list still answers.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    [HttpGet("bulletin")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Bulletin([FromServices] BulletinListings.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));

    [HttpGet("create")]
    [Authorize(Policy = Permissions.NoticesIssue)]
    public async Task<IActionResult> Create(int? task, int? flag, int? item, [FromServices] IssueNotice.Handler handler, CancellationToken cancellationToken)
    {
        var model = item is { } itemId ? await handler.NewForItemAsync(itemId, flag, cancellationToken)
            : task is { } taskId ? await handler.NewAsync(taskId, flag, cancellationToken)
            : flag is { } flagId ? await handler.NewForFlagAsync(flagId, cancellationToken)
            : null;
        if (model is null)
        {
            return NotFound();
        }

        return await handler.MayIssueAsync(model.Form, cancellationToken) ? View(model) : Forbid();
    }

    [HttpPost("create")]
    [Authorize(Policy = Permissions.NoticesIssue)]
    public async Task<IActionResult> Create(IssueNotice.Form form, [FromServices] IssueNotice.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.WithOptionsAsync(form, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        if (!await handler.MayIssueAsync(form, cancellationToken))
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(form, cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("督办通知已下发");
                return RedirectToAction(nameof(Details), new { id = result.Id });
            }

            AddErrors(result);
        }

        return View(model);
    }

    [HttpGet("{id:int}")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Details(int id, [FromServices] NoticeDetails.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.HandleAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("{id:int}/print")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Print(int id, [FromServices] NoticeDetails.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.HandleAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/sign")]
    [Authorize(Policy = Permissions.NoticesRespond)]
    public Task<IActionResult> Sign(int id, NoticeActions.Form form, [FromServices] NoticeActions.Handler handler, CancellationToken cancellationToken) =>
        ActAsync(id, NoticeTransition.SignFor, form, handler, cancellationToken);

    [HttpPost("{id:int}/respond")]
    [Authorize(Policy = Permissions.NoticesRespond)]
    [RequestSizeLimit(EvidenceUploadGuardAttribute.BodyLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = EvidenceUploadGuardAttribute.SectionLimit)]
    [EvidenceUploadGuard("/notices/{id}")]
    public async Task<IActionResult> Respond(
        int id,
        NoticeActions.Form form,
        [FromForm(Name = NoticeActions.FilesField)] List<IFormFile>? files,
        [FromServices] NoticeActions.Handler handler,
        [FromServices] NoticeDetails.Handler details,
        CancellationToken cancellationToken)
    {
        var result = await handler.RespondAsync(id, form, files ?? [], cancellationToken);
        if (result is { Outcome: NoticeActions.Outcome.Refused, Field: { } field })
        {
            // The response form again, with what the user typed and the reason beside the input it concerns.
            var model = await details.HandleAsync(id, cancellationToken);
            if (model is null)
            {
                return NotFound();
            }

            ModelState.Clear();
            ModelState.AddModelError(field, result.Message!);
            ViewData["RespondText"] = form.Text;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Details), model);
        }

        return Outcome(id, result);
    }

    [HttpPost("{id:int}/return")]
    [Authorize(Policy = Permissions.NoticesIssue)]
    public Task<IActionResult> Return(int id, NoticeActions.Form form, [FromServices] NoticeActions.Handler handler, CancellationToken cancellationToken) =>
        ActAsync(id, NoticeTransition.Return, form, handler, cancellationToken);

    [HttpPost("{id:int}/close")]
    [Authorize(Policy = Permissions.NoticesIssue)]
    public Task<IActionResult> Close(int id, NoticeActions.Form form, [FromServices] NoticeActions.Handler handler, CancellationToken cancellationToken) =>
        ActAsync(id, NoticeTransition.Close, form, handler, cancellationToken);

    [HttpPost("{id:int}/escalate")]
    [Authorize(Policy = Permissions.NoticesIssue)]
    public async Task<IActionResult> Escalate(int id, NoticeActions.Form form, [FromServices] EscalateByHand.Handler handler, CancellationToken cancellationToken) =>
        Outcome(id, await handler.HandleAsync(id, form, cancellationToken));

    private async Task<IActionResult> ActAsync(
        int id, NoticeTransition transition, NoticeActions.Form form, NoticeActions.Handler handler, CancellationToken cancellationToken)
    {
        return Outcome(id, await handler.HandleAsync(id, transition, form, cancellationToken));
    }

    private IActionResult Outcome(int id, NoticeActions.Result result)
    {
        switch (result.Outcome)
        {
            case NoticeActions.Outcome.NotFound:
                return NotFound();
            case NoticeActions.Outcome.Forbidden:
                return Forbid();
            case NoticeActions.Outcome.Done:
                TempData["Flash"] = result.Message;
                break;
            default:
                TempData["FlashError"] = result.Message;
                break;
        }

        return Redirect($"/notices/{result.NewNoticeId ?? id}");
    }
}
