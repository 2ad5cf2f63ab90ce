namespace ReformTracker.Web.Security;

public static class ClaimNames
{
    public const string UnitId = "rt:unit";
    public const string OfficeId = "rt:office";
    public const string DisplayName = "rt:name";
    public const string SignedInAt = "rt:signed_in";
    public const string MustChangePassword = "rt:must_change_password";
}
