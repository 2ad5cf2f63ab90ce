using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Audit;

/// <summary>The audit trail's reading side. It has no action that writes: records are append-only.</summary>
[Route("audit")]
public sealed class AuditController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.AuditView)]
    public async Task<IActionResult> Index([FromQuery] AuditLog.Query query, [FromServices] AuditLog.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed page number (page=abc) binds as "first page": the log still answers.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    [HttpGet("verify")]
    [Authorize(Policy = Permissions.AuditView)]
    public async Task<IActionResult> Verify([FromServices] ChainCheck.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));
}
