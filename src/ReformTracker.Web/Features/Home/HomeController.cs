using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Home;

[Route("")]
public sealed class HomeController : FeatureController
{
    /// <summary>Everyone signed in lands here: reporters go on to what they owe this month, the audit administrator to the audit trail.</summary>
    [HttpGet("")]
    [Authorize]
    public async Task<IActionResult> Index([FromServices] CurrentUser user, [FromServices] ProgrammeOverview.Handler handler, CancellationToken cancellationToken)
    {
        if (user.Can(Permissions.ReportsFile))
        {
            return Redirect("/reports/inbox");
        }

        if (!user.Can(Permissions.TasksView))
        {
            return user.Can(Permissions.AuditView) ? Redirect("/audit") : Forbid();
        }

        return View(await handler.HandleAsync(cancellationToken));
    }
}
