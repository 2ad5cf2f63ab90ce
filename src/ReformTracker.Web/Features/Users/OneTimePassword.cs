namespace ReformTracker.Web.Features.Users;

/// <summary>The page that shows a password the system just set. It is rendered once, in the answer to the POST, and never stored.</summary>
public static class OneTimePassword
{
    public sealed record Model(int Id, string UserName, string DisplayName, string Password, bool IsNewAccount);
}
