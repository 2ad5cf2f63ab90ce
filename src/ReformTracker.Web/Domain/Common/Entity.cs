namespace ReformTracker.Web.Domain.Common;

/// <summary>Base of every stored business object: identity, optimistic-concurrency version and UTC stamps.</summary>
public abstract class Entity
{
    public int Id { get; protected set; }

    /// <summary>Incremented by the data layer on every save; edit forms carry it back to detect lost updates.</summary>
    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Business records are never removed: deletion hides them, and an administrator can restore them.</summary>
    public bool IsDeleted { get; private set; }

    public DateTime? DeletedAtUtc { get; private set; }

    public void MarkDeleted(DateTime nowUtc)
    {
        IsDeleted = true;
        DeletedAtUtc = nowUtc;
    }

    public void Restore()
    {
        IsDeleted = false;
        DeletedAtUtc = null;
    }
}
