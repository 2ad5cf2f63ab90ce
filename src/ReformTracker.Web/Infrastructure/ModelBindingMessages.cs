using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ReformTracker.Web.Infrastructure;

/// <summary>Replaces MVC's English model-binding messages ("The value 'x' is not valid") with localized ones.</summary>
public sealed class ModelBindingMessages(IStringLocalizer<SharedResource> l) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => l["“{0}”不是有效的值", value]);
        messages.SetValueIsInvalidAccessor(value => l["“{0}”不是有效的值", value]);
        messages.SetValueMustBeANumberAccessor(_ => l["请输入数字"]);
        messages.SetValueMustNotBeNullAccessor(_ => l["此项必填"]);
        messages.SetMissingBindRequiredValueAccessor(_ => l["此项必填"]);
        messages.SetMissingKeyOrValueAccessor(() => l["此项必填"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => l["请求内容不能为空"]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => l["“{0}”不是有效的值", value]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["输入的值无效"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => l["请输入数字"]);
        messages.SetUnknownValueIsInvalidAccessor(_ => l["输入的值无效"]);
    }
}
