using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Tasks;

[Route("tasks")]
public sealed class TasksController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromQuery] TaskList.Query query, [FromServices] TaskList.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed filter value (plan=abc) binds as "no filter": the list still answers.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    /// <summary>Lead units whose name contains the text, within the user's scope: the suggestions of the list's unit filter.</summary>
    [HttpGet("lead-units")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> LeadUnits(string? q, [FromServices] LeadUnitChoices.Handler handler, CancellationToken cancellationToken) =>
        Json(await handler.SearchAsync(q, cancellationToken));

    [HttpGet("{id:int}")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Details(int id, [FromServices] TaskDetails.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.HandleAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("create")]
    [Authorize(Policy = Permissions.TasksManage)]
    public async Task<IActionResult> Create(int? plan, [FromServices] TaskEditor.Handler handler, CancellationToken cancellationToken) =>
        View("Edit", await handler.NewAsync(plan, cancellationToken));

    [HttpPost("create")]
    [Authorize(Policy = Permissions.TasksManage)]
    public async Task<IActionResult> Create(TaskEditor.Form form, [FromServices] TaskEditor.Handler handler, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.CreateAsync(form, cancellationToken);
            if (result.Succeeded)
            {
                Flash("任务已创建");
                return RedirectToAction(nameof(Details), new { id = result.Id });
            }

            AddErrors(result);
        }

        return View("Edit", await handler.WithOptionsAsync(null, form, cancellationToken));
    }

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Permissions.TasksManage)]
    public async Task<IActionResult> Edit(int id, [FromServices] TaskEditor.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.EditAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Permissions.TasksManage)]
    public async Task<IActionResult> Edit(int id, TaskEditor.Form form, [FromServices] TaskEditor.Handler handler, CancellationToken cancellationToken)
    {
        if (!await handler.ExistsAsync(id, cancellationToken))
        {
            return NotFound();
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
                Flash("任务已保存");
                return RedirectToAction(nameof(Details), new { id });
            }

            AddErrors(result);
        }

        return View(await handler.WithOptionsAsync(id, form, cancellationToken));
    }
}
