namespace ReformTracker.Web.Domain.Common;

/// <summary>Maximum text lengths, shared by the database mapping and the form validators.</summary>
public static class Lengths
{
    public const int Name = 100;
    public const int ShortName = 30;
    public const int Code = 32;
    public const int Title = 200;
    public const int LongText = 4000;
    public const int MediumText = 1000;
}
