using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Dashboard;

public sealed class DashboardController : FeatureController
{
    [HttpGet("/dashboard")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromQuery] LeaderDashboard.Query query, [FromServices] LeaderDashboard.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed filter value (office=abc) binds as "no filter"; an unknown office or official is a 404.
        ModelState.Clear();
        var model = await handler.HandleAsync(query, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("/battle-map")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Map([FromQuery] BattleMap.Query query, [FromServices] BattleMap.Handler handler, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        return View(nameof(BattleMap), await handler.HandleAsync(query, cancellationToken));
    }
}
