using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Plans;

/// <summary>领域 / 类别: a grouping of tasks inside a plan.</summary>
public sealed class Area : Entity
{
    private Area()
    {
        Name = string.Empty;
    }

    internal Area(string name, int sortOrder)
    {
        Name = name;
        SortOrder = sortOrder;
    }

    public int PlanId { get; private set; }

    public string Name { get; private set; }

    public int SortOrder { get; private set; }

    public void Update(string name, int sortOrder)
    {
        Name = name.Trim();
        SortOrder = sortOrder;
    }
}
