namespace ReformTracker.Web.Features.Shared;

public sealed record PagerModel(PageInfo Info, Func<int, string> UrlFor);
