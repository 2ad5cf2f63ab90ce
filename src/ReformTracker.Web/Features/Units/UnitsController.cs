using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Units;

[Route("units")]
public sealed class UnitsController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.RegistryView)]
    public async Task<IActionResult> Index([FromQuery] UnitList.Query query, [FromServices] UnitList.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed kind (kind=abc) binds as "all kinds": the list still answers.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    [HttpGet("create")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Create(UnitKind? kind, [FromServices] UnitEditor.Handler handler, CancellationToken cancellationToken)
    {
        // kind only preselects the form; a malformed one must not show the new form as already invalid.
        ModelState.Clear();
        return View("Edit", await handler.NewAsync(kind, cancellationToken));
    }

    [HttpPost("create")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Create(UnitEditor.Form form, [FromServices] UnitEditor.Handler handler, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.CreateAsync(form, cancellationToken);
            if (result.Succeeded)
            {
                Flash("单位已创建");
                return RedirectToAction(nameof(Index), new { kind = form.Kind });
            }

            AddErrors(result);
        }

        return View("Edit", await handler.WithOptionsAsync(null, form, cancellationToken));
    }

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Edit(int id, [FromServices] UnitEditor.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.EditAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Permissions.RegistryManage)]
    public async Task<IActionResult> Edit(int id, UnitEditor.Form form, [FromServices] UnitEditor.Handler handler, CancellationToken cancellationToken)
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
                Flash("单位已保存");
                return RedirectToAction(nameof(Index), new { kind = form.Kind });
            }

            AddErrors(result);
        }

        return View(await handler.WithOptionsAsync(id, form, cancellationToken));
    }
}
