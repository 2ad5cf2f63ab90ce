using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ReformTracker.Web.Security;

/// <summary>Identity's password and user-name errors, in the user's language.</summary>
public sealed class ChineseIdentityErrors(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), l["密码至少需要 {0} 个字符", length]);

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), l["密码须包含至少一个数字"]);

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), l["密码须包含至少一个小写字母"]);

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), l["密码须包含至少一个大写字母"]);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), l["密码须包含至少一个符号"]);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), l["当前密码不正确"]);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), l["用户名 {0} 已被使用", userName]);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), l["用户名只能包含字母、数字和 . _ - @"]);

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), l["该用户刚刚被他人修改，请刷新后重试"]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
