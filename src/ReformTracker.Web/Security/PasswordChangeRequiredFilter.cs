using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ReformTracker.Web.Security;

/// <summary>After a password reset, every page except changing the password (and signing out) leads to the change-password page.</summary>
public sealed class PasswordChangeRequiredFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated == true
            && user.HasClaim(ClaimNames.MustChangePassword, "true")
            && context.ActionDescriptor.EndpointMetadata.OfType<AllowedBeforePasswordChangeAttribute>().FirstOrDefault() is null)
        {
            context.Result = new RedirectResult("/account/password");
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}

/// <summary>Marks the few actions a user with a one-time password may still reach.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowedBeforePasswordChangeAttribute : Attribute;
