using System.Diagnostics;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Data.Auditing;

/// <summary>Who and where a change comes from: the signed-in user of the current request, or the system.</summary>
public sealed class AuditActor(IHttpContextAccessor accessor)
{
    public const string SystemName = "system";

    public CurrentUser User => CurrentUser.From(accessor.HttpContext?.User);

    public string UserName => User.IsAuthenticated ? User.UserName : SystemName;

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? CorrelationId => Activity.Current?.TraceId.ToString() ?? accessor.HttpContext?.TraceIdentifier;
}
