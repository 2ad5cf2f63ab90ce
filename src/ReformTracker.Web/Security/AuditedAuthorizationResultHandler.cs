using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;

namespace ReformTracker.Web.Security;

/// <summary>Records every refused request of a signed-in user in the audit trail, then answers as usual (403).</summary>
public sealed class AuditedAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden)
        {
            await context.RequestServices.GetRequiredService<SecurityEvents>()
                .RecordAsync(AuditAction.AccessDenied, "Request", $"{context.Request.Method} {context.Request.Path}", context.RequestAborted);
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
