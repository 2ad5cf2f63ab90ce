using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Supervision;

[Route("supervision")]
public sealed class SupervisionController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.SupervisionView)]
    public async Task<IActionResult> Index([FromQuery] FlagWorkspace.Query query, [FromServices] FlagWorkspace.Handler handler, CancellationToken cancellationToken)
    {
        // Filters arrive as text and fall back to "no filter": a malformed URL still shows the workspace.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    [HttpGet("flags/{id:int}")]
    [Authorize(Policy = Permissions.SupervisionView)]
    public async Task<IActionResult> Flag(int id, [FromServices] FlagDetails.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.HandleAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }
}
