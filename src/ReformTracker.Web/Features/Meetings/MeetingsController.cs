using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

[Route("meetings")]
public sealed class MeetingsController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromQuery] MeetingList.Query query, [FromServices] MeetingList.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed filter (year=abc) binds as "no filter": the list still answers.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    [HttpGet("items")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Items([FromQuery] ItemList.Query query, [FromServices] ItemList.Handler handler, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    [HttpGet("create")]
    [Authorize(Policy = Permissions.MeetingsManage)]
    public async Task<IActionResult> Create([FromServices] MeetingEditor.Handler handler, CancellationToken cancellationToken) =>
        View("Edit", await handler.NewAsync(cancellationToken));

    [HttpPost("create")]
    [Authorize(Policy = Permissions.MeetingsManage)]
    public async Task<IActionResult> Create(MeetingEditor.Form form, [FromServices] MeetingEditor.Handler handler, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.CreateAsync(form, cancellationToken);
            if (result.Succeeded)
            {
                Flash("晒比会已创建，可在会议页面现场交办事项");
                return Redirect($"/meetings/{result.Id}");
            }

            AddErrors(result);
        }

        return View("Edit", await handler.WithOptionsAsync(null, form, cancellationToken));
    }

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Permissions.MeetingsManage)]
    public async Task<IActionResult> Edit(int id, [FromServices] MeetingEditor.Handler handler, [FromServices] MeetingDetails.Handler details, CancellationToken cancellationToken)
    {
        if (await Refusal(id, details, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var model = await handler.EditAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Permissions.MeetingsManage)]
    public async Task<IActionResult> Edit(
        int id, MeetingEditor.Form form, [FromServices] MeetingEditor.Handler handler, [FromServices] MeetingDetails.Handler details, CancellationToken cancellationToken)
    {
        if (await Refusal(id, details, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (ModelState.IsValid)
        {
            var result = await handler.UpdateAsync(id, form, cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("晒比会已保存");
                return Redirect($"/meetings/{id}");
            }

            AddErrors(result);
        }

        return View(await handler.WithOptionsAsync(id, form, cancellationToken));
    }

    [HttpGet("{id:int}")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Details(int id, [FromServices] MeetingDetails.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.HandleAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("{id:int}/print")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Print(int id, [FromServices] MeetingDetails.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.HandleAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/items")]
    [Authorize(Policy = Permissions.MeetingsManage)]
    public async Task<IActionResult> Assign(
        int id, AssignItem.Form form, [FromServices] AssignItem.Handler handler, [FromServices] MeetingDetails.Handler details, CancellationToken cancellationToken)
    {
        if (await Refusal(id, details, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(id, form, cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("事项已交办");
                return Redirect($"/meetings/{id}#item-{result.Id}");
            }

            AddErrors(result);
        }

        var model = await details.HandleAsync(id, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        model.NewItem = form;
        return View("Details", model);
    }

    [HttpPost("items/{id:int}/done")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Done(int id, ItemActions.Form form, [FromServices] ItemActions.Handler handler, CancellationToken cancellationToken) =>
        Answer(await handler.MarkDoneAsync(id, form, cancellationToken), id);

    [HttpPost("items/{id:int}/reopen")]
    [Authorize(Policy = Permissions.MeetingsManage)]
    public async Task<IActionResult> Reopen(int id, ItemActions.Form form, [FromServices] ItemActions.Handler handler, CancellationToken cancellationToken) =>
        Answer(await handler.ReopenAsync(id, form, cancellationToken), id);

    private IActionResult Answer(ItemActions.Result result, int itemId)
    {
        switch (result.Outcome)
        {
            case ItemActions.Outcome.NotFound:
                return NotFound();
            case ItemActions.Outcome.Forbidden:
                return Forbid();
            case ItemActions.Outcome.Done:
                TempData["Flash"] = result.Message;
                break;
            default:
                TempData["FlashError"] = result.Message;
                break;
        }

        return Redirect($"/meetings/{result.MeetingId}#item-{itemId}");
    }

    /// <summary>404 when the meeting is out of reach, 403 when the user reads it but does not manage it.</summary>
    private async Task<IActionResult?> Refusal(int id, MeetingDetails.Handler details, CancellationToken cancellationToken) =>
        await details.AccessAsync(id, cancellationToken) switch
        {
            MeetingAccess.None => NotFound(),
            MeetingAccess.Manage => null,
            _ => Forbid(),
        };
}
