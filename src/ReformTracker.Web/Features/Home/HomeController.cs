using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;

namespace ReformTracker.Web.Features.Home;

[Route("")]
public sealed class HomeController : FeatureController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] ProgrammeOverview.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));
}
