namespace ReformTracker.Web.Domain.Common;

/// <summary>Base of every stored business object: identity, optimistic-concurrency version and UTC stamps.</summary>
public abstract class Entity
{
    public int Id { get; protected set; }

    /// <summary>Incremented by the data layer on every save; edit forms carry it back to detect lost updates.</summary>
    public int Version { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
