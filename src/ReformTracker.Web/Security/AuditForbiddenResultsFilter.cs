using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;

namespace ReformTracker.Web.Security;

/// <summary>Records a refusal decided inside an action (Forbid(), a 403 page) in the audit trail, like the policy refusals.</summary>
public sealed class AuditForbiddenResultsFilter(SecurityEvents events) : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var forbidden = context.Result is ForbidResult
            || (context.Result is IStatusCodeActionResult { StatusCode: StatusCodes.Status403Forbidden });
        if (forbidden && context.HttpContext.User.Identity?.IsAuthenticated == true)
        {
            await events.RecordAsync(AuditAction.AccessDenied, "Request", $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}", context.HttpContext.RequestAborted);
        }

        await next();
    }
}
