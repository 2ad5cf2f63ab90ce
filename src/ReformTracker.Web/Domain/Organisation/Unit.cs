using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Organisation;

/// <summary>单位: an organisation that does the work (department, town, village or enterprise).</summary>
public sealed class Unit : Entity
{
    private Unit()
    {
        Name = string.Empty;
        ShortName = string.Empty;
    }

    public Unit(string name, string shortName, UnitKind kind, int? parentId, int sortOrder = 0)
    {
        Name = string.Empty;
        ShortName = string.Empty;
        Update(name, shortName, kind, parentId, sortOrder);
    }

    public string Name { get; private set; }

    public string ShortName { get; private set; }

    public UnitKind Kind { get; private set; }

    public int? ParentId { get; private set; }

    public Unit? Parent { get; private set; }

    public int SortOrder { get; private set; }

    /// <summary>Units are ranked against their peers: departments with departments, towns with towns.</summary>
    public UnitKind PeerGroup => Kind;

    public void Update(string name, string shortName, UnitKind kind, int? parentId, int sortOrder)
    {
        if (parentId is not null && parentId == Id && Id != 0)
        {
            throw new InvalidOperationException("A unit cannot be its own parent.");
        }

        Name = name.Trim();
        ShortName = shortName.Trim();
        Kind = kind;
        ParentId = parentId;
        SortOrder = sortOrder;
    }
}
