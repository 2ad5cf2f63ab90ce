using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

/// <summary>
/// Three-admin separation: the system administrator can neither edit, disable, enable nor reset the password of an
/// audit administrator (so cannot take over an auditor's account and read the trail). Auditors are managed with the
/// create-admin command on the server.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ProtectAuditAdministratorsAttribute : Attribute, IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.RouteData.Values.TryGetValue("id", out var raw)
            && int.TryParse(Convert.ToString(raw, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
            if (await db.Users.AnyAsync(u => u.Id == id && u.Role == Roles.AuditAdmin, context.HttpContext.RequestAborted))
            {
                context.Result = new ForbidResult();
                return;
            }
        }

        await next();
    }
}
