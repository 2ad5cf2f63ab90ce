namespace ReformTracker.Web.Features.Shared;

/// <summary>An entry of a drop-down: id and display name, optionally grouped.</summary>
public sealed record Option(int Id, string Name, string? Group = null);
