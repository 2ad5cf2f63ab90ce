namespace ReformTracker.Web.Domain.Auditing;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
    Restored,
    SignedIn,
    SignInFailed,
    LockedOut,
    SignedOut,
    PasswordChanged,
    PasswordReset,
    AccessDenied,
}
