using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notifications;

/// <summary>我的通知. Every user reads only their own: anyone else's answers 404, exactly like one that does not exist.</summary>
[Route("notifications")]
public sealed class NotificationsController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.AccountSelf)]
    public async Task<IActionResult> Index(NotificationList.Query query, [FromServices] NotificationList.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed page number lists the first page rather than failing.
        ModelState.Clear();
        ViewData["Section"] = "notifications";
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    /// <summary>Opening a notification marks it read and leads to its object.</summary>
    [HttpGet("{id:int}")]
    [Authorize(Policy = Permissions.AccountSelf)]
    public async Task<IActionResult> Open(int id, [FromServices] NotificationActions.Handler handler, CancellationToken cancellationToken)
    {
        var target = await handler.OpenAsync(id, cancellationToken);
        return target is null ? NotFound() : LocalRedirect(target);
    }

    [HttpPost("{id:int}/read")]
    [Authorize(Policy = Permissions.AccountSelf)]
    public async Task<IActionResult> MarkRead(int id, int? page, [FromServices] NotificationActions.Handler handler, CancellationToken cancellationToken)
    {
        if (!await handler.MarkReadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        return Redirect(page is > 1 ? $"/notifications?page={page}" : "/notifications");
    }

    [HttpPost("read-all")]
    [Authorize(Policy = Permissions.AccountSelf)]
    public async Task<IActionResult> MarkAllRead([FromServices] NotificationActions.Handler handler, CancellationToken cancellationToken)
    {
        var count = await handler.MarkAllReadAsync(cancellationToken);
        TempData["Flash"] = L["已将 {0} 条通知标为已读", count].Value;
        return Redirect("/notifications");
    }
}
