using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Organisation;

/// <summary>A district leader (领办领导 / 挂帅领导) who answers personally for offices and tasks.</summary>
public sealed class Official : Entity
{
    private Official()
    {
        Name = string.Empty;
        Position = string.Empty;
    }

    public Official(string name, string position)
    {
        Name = name.Trim();
        Position = position.Trim();
    }

    public string Name { get; private set; }

    /// <summary>职务, e.g. 区委常委、常务副区长.</summary>
    public string Position { get; private set; }

    public void Rename(string name, string position)
    {
        Name = name.Trim();
        Position = position.Trim();
    }
}
