using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Plans;

[Route("plans")]
public sealed class PlansController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.RegistryView)]
    public async Task<IActionResult> Index([FromServices] PlanList.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));

    [HttpGet("create")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Create([FromServices] PlanEditor.Handler handler, CancellationToken cancellationToken) =>
        View("Edit", await handler.NewAsync(cancellationToken));

    [HttpPost("create")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Create(PlanEditor.Form form, [FromServices] PlanEditor.Handler handler, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.CreateAsync(form, cancellationToken);
            if (result.Succeeded)
            {
                Flash("清单已创建");
                return RedirectToAction(nameof(Index));
            }

            AddErrors(result);
        }

        return View("Edit", await handler.WithRowsAsync(null, form, cancellationToken));
    }

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Edit(int id, [FromServices] PlanEditor.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.EditAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Edit(int id, PlanEditor.Form form, [FromServices] PlanEditor.Handler handler, CancellationToken cancellationToken)
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
                Flash("清单已保存");
                return RedirectToAction(nameof(Index));
            }

            AddErrors(result);
        }

        return View(await handler.WithRowsAsync(id, form, cancellationToken));
    }
}
