using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Plans;

/// <summary>改革清单 / 工作要点: a published list of tasks for one year or several years.</summary>
public sealed class Plan : Entity
{
    private readonly List<Area> _areas = [];

    private Plan()
    {
        Name = string.Empty;
        Description = string.Empty;
    }

    public Plan(string name, int startYear, int endYear, string description)
    {
        Name = string.Empty;
        Description = string.Empty;
        Update(name, startYear, endYear, description);
    }

    public string Name { get; private set; }

    public int StartYear { get; private set; }

    public int EndYear { get; private set; }

    public string Description { get; private set; }

    public IReadOnlyList<Area> Areas => _areas;

    public bool IsMultiYear => EndYear > StartYear;

    public void Update(string name, int startYear, int endYear, string description)
    {
        if (endYear < startYear)
        {
            throw new ArgumentException("The end year cannot precede the start year.", nameof(endYear));
        }

        Name = name.Trim();
        StartYear = startYear;
        EndYear = endYear;
        Description = description.Trim();
    }

    public Area AddArea(string name)
    {
        var trimmed = name.Trim();
        if (HasAreaNamed(trimmed, exceptAreaId: null))
        {
            throw new InvalidOperationException($"The plan already has an area named {trimmed}.");
        }

        var area = new Area(trimmed, _areas.Count == 0 ? 1 : _areas.Max(a => a.SortOrder) + 1);
        _areas.Add(area);
        return area;
    }

    public bool HasAreaNamed(string name, int? exceptAreaId) =>
        _areas.Any(a => a.Id != exceptAreaId && string.Equals(a.Name, name.Trim(), StringComparison.Ordinal));
}
