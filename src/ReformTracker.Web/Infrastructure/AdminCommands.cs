using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Infrastructure;

/// <summary>
/// Commands an operator runs instead of the web server:
/// <c>create-admin &lt;user name&gt; [display name]</c> creates a system administrator with a one-time password,
/// <c>create-auditor</c> likewise an audit administrator (the system administrator cannot);
/// <c>verify-audit</c> checks the audit chain and exits non-zero at the first broken link.
/// </summary>
public static class AdminCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        var command = args.FirstOrDefault(a => !a.StartsWith('-'));
        switch (command)
        {
            case "create-admin":
                Environment.ExitCode = await CreateAdminAsync(app.Services, args.SkipWhile(a => a != command).Skip(1).Where(a => !a.StartsWith('-')).ToArray(), Roles.SystemAdmin);
                return true;
            case "create-auditor":
                Environment.ExitCode = await CreateAdminAsync(app.Services, args.SkipWhile(a => a != command).Skip(1).Where(a => !a.StartsWith('-')).ToArray(), Roles.AuditAdmin);
                return true;
            case "verify-audit":
                Environment.ExitCode = await VerifyAuditAsync(app.Services);
                return true;
            default:
                return false;
        }
    }

    public static async Task<int> CreateAdminAsync(IServiceProvider services, string[] args, string role)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("用法: create-admin|create-auditor <用户名> [姓名]");
            return 2;
        }

        await services.InitialiseDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var password = OneTimePassword();
        var user = new AppUser
        {
            UserName = args[0],
            DisplayName = args.Length > 1 ? args[1] : args[0],
            Role = role,
            MustChangePassword = true,
            CreatedAtUtc = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
            return 1;
        }

        Console.WriteLine($"已创建{Roles.Label(role)} {user.UserName}。一次性密码：{password}（首次登录后须修改）");
        return 0;
    }

    public static async Task<int> VerifyAuditAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var result = await VerifyAsync(db, CancellationToken.None);
        Console.WriteLine(result.IsIntact
            ? $"审计链完整：已核验 {result.CheckedCount} 条记录。"
            : $"审计链断裂：第 {result.FirstBrokenSequence} 条。{result.Problem}");
        return result.IsIntact ? 0 : 1;
    }

    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(cancellationToken);
        var records = db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable();
        var buffered = new List<AuditRecord>();
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            buffered.Add(record);
        }

        return AuditChainVerifier.Verify(buffered, head);
    }

    /// <summary>A random password that satisfies the password rules: 12 characters, letters and digits.</summary>
    public static string OneTimePassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        var chars = Enumerable.Range(0, 10).Select(_ => letters[RandomNumberGenerator.GetInt32(letters.Length)])
            .Concat(Enumerable.Range(0, 2).Select(_ => digits[RandomNumberGenerator.GetInt32(digits.Length)]));
        return new string(chars.ToArray());
    }
}
