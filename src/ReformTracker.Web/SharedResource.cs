namespace ReformTracker.Web;

/// <summary>
/// Marker for the shared UI text. Keys are the Simplified Chinese text itself (the default culture);
/// Resources/SharedResource.en.resx translates them (see docs/adr/0003-chinese-text-as-resource-keys.md).
/// </summary>
public sealed class SharedResource;
