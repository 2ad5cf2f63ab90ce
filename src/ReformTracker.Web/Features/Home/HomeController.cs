using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Home;

[Route("")]
public sealed class HomeController : FeatureController
{
    /// <summary>Everyone signed in lands here: reporters go on to what they owe this month, leaders to the dashboard, the audit administrator to the audit trail.</summary>
    [HttpGet("")]
    [Authorize]
    public async Task<IActionResult> Index([FromServices] CurrentUser user, [FromServices] ProgrammeOverview.Handler handler, CancellationToken cancellationToken)
    {
        if (user.Can(Permissions.ReportsFile))
        {
            return Redirect("/reports/inbox");
        }

        // Which page a role lands on is a preference, not an authorization: leaders read the programme on the cockpit.
        if (user.Role == Roles.Leader)
        {
            return Redirect("/dashboard");
        }

        if (!user.Can(Permissions.TasksView))
        {
            return user.Can(Permissions.AuditView) ? Redirect("/audit") : Forbid();
        }

        return View(await handler.HandleAsync(cancellationToken));
    }
}
