using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Organisation;

/// <summary>专项办公室: a special office that pushes one area of the programme and supervises it.</summary>
public sealed class Office : Entity
{
    private Office()
    {
        Name = string.Empty;
        ShortName = string.Empty;
        Duties = string.Empty;
    }

    public Office(string name, string shortName, string duties, int? leadingOfficialId)
    {
        Name = string.Empty;
        ShortName = string.Empty;
        Duties = string.Empty;
        Update(name, shortName, duties, leadingOfficialId);
    }

    public string Name { get; private set; }

    /// <summary>简称, e.g. 重点项目办.</summary>
    public string ShortName { get; private set; }

    /// <summary>职责.</summary>
    public string Duties { get; private set; }

    public int? LeadingOfficialId { get; private set; }

    public Official? LeadingOfficial { get; private set; }

    public void Update(string name, string shortName, string duties, int? leadingOfficialId)
    {
        Name = name.Trim();
        ShortName = shortName.Trim();
        Duties = duties.Trim();
        LeadingOfficialId = leadingOfficialId;
    }
}
