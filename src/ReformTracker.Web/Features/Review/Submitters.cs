using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;

namespace ReformTracker.Web.Features.Review;

/// <summary>Reports store the submitter's user name; reviewers read the display name beside it.</summary>
internal static class Submitters
{
    public static async Task<Dictionary<string, string>> DisplayNamesAsync(AppDbContext db, IEnumerable<string?> userNames, CancellationToken cancellationToken)
    {
        var names = userNames.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return [];
        }

        var users = await db.Users.AsNoTracking().Where(u => u.UserName != null && names.Contains(u.UserName))
            .Select(u => new { UserName = u.UserName!, u.DisplayName }).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.UserName, u => u.DisplayName, StringComparer.Ordinal);
    }

    public static string Describe(string? userName, IReadOnlyDictionary<string, string> displayNames) => userName switch
    {
        null => "—",
        _ when displayNames.TryGetValue(userName, out var display) && !string.IsNullOrWhiteSpace(display) && display != userName => $"{display}（{userName}）",
        _ => userName,
    };
}
