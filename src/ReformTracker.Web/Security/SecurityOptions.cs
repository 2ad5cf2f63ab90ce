namespace ReformTracker.Web.Security;

public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    public int LoginAttemptsPerMinutePerAddress { get; set; } = 10;

    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public int IdleTimeoutMinutes { get; set; } = 30;

    public int AbsoluteTimeoutHours { get; set; } = 12;

    /// <summary>How often a sign-in cookie is checked against the user's security stamp (revocation delay).</summary>
    public int RevalidateSeconds { get; set; } = 30;

    /// <summary>Lower PBKDF2 cost; only ever set by the test hosts.</summary>
    public int? PasswordHashIterations { get; set; }
}
