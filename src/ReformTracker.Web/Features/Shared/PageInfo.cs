namespace ReformTracker.Web.Features.Shared;

/// <summary>Clamped paging arithmetic shared by every list page.</summary>
public sealed record PageInfo(int Page, int PageSize, int TotalCount)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int PageCount => Math.Max(1, (int)Math.Ceiling(TotalCount / (double)PageSize));

    public int Skip => (Page - 1) * PageSize;

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < PageCount;

    /// <summary>Any page number or size from a URL becomes a valid one: never an error, never an empty page past the end.</summary>
    public static PageInfo For(int? page, int? pageSize, int totalCount)
    {
        var size = pageSize is null or < 1 ? DefaultPageSize : Math.Min(pageSize.Value, MaxPageSize);
        var pageCount = Math.Max(1, (int)Math.Ceiling(totalCount / (double)size));
        var current = page is null or < 1 ? 1 : Math.Min(page.Value, pageCount);
        return new PageInfo(current, size, totalCount);
    }
}
