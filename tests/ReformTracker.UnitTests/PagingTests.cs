using ReformTracker.Web.Features.Shared;

namespace ReformTracker.UnitTests;

public sealed class PagingTests
{
    [Theory]
    [InlineData(null, null, 45, 1, 20, 3)]
    [InlineData(-5, 0, 45, 1, 20, 3)]
    [InlineData(99, 10, 45, 5, 10, 5)]
    [InlineData(2, 100000, 45, 1, 100, 1)]
    [InlineData(3, 10, 0, 1, 10, 1)]
    public void Any_page_and_size_from_a_url_become_valid_ones(int? page, int? size, int total, int expectedPage, int expectedSize, int expectedPages)
    {
        var info = PageInfo.For(page, size, total);

        Assert.Equal(expectedPage, info.Page);
        Assert.Equal(expectedSize, info.PageSize);
        Assert.Equal(expectedPages, info.PageCount);
    }
}
