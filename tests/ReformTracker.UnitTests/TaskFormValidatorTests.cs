using Microsoft.Extensions.Localization;
using ReformTracker.Web;
using ReformTracker.Web.Features.Tasks;

namespace ReformTracker.UnitTests;

public sealed class TaskFormValidatorTests
{
    private readonly TaskEditor.Validator _validator = new(new ChineseKeys());

    [Fact]
    public void A_complete_form_is_valid() => Assert.True(_validator.Validate(ValidForm()).IsValid);

    [Fact]
    public void Missing_fields_get_their_own_Chinese_messages()
    {
        var result = _validator.Validate(new TaskEditor.Form());

        var messages = result.Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage);
        Assert.Equal("请填写任务编号", messages["Code"]);
        Assert.Equal("请填写任务名称", messages["Title"]);
        Assert.Equal("请选择领域", messages["AreaId"]);
        Assert.Equal("请选择牵头单位", messages["LeadUnitId"]);
        Assert.Equal("请填写完成时限", messages["DueDate"]);
    }

    [Fact]
    public void A_key_project_needs_consistent_investment_figures()
    {
        var form = ValidForm();
        form.IsKeyProject = true;
        form.PlannedTotalInvestment = 1000;
        form.PlannedAnnualInvestment = 1500;

        var messages = _validator.Validate(form).Errors.Select(e => e.ErrorMessage).ToList();

        Assert.Contains("年度计划投资不能大于计划总投资", messages);
        Assert.Contains("重点项目须选择建设状态", messages);
    }

    [Fact]
    public void A_half_filled_milestone_row_is_refused_and_blank_rows_are_ignored()
    {
        var form = ValidForm();
        form.Milestones = [new TaskEditor.MilestoneInput { Title = "6月底前完成" }, new TaskEditor.MilestoneInput()];

        var errors = _validator.Validate(form).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("Milestones[0].PlannedDate", error.PropertyName);
        Assert.Equal("请填写节点计划日期", error.ErrorMessage);
    }

    [Theory]
    [InlineData("GM 01")]
    [InlineData("../etc")]
    [InlineData("-01")]
    [InlineData("编号01")]
    public void Codes_are_plain_letters_digits_and_separators(string code)
    {
        var form = ValidForm();
        form.Code = code;

        Assert.Contains(_validator.Validate(form).Errors, e => e.PropertyName == "Code");
    }

    private static TaskEditor.Form ValidForm() => new()
    {
        PlanId = 1,
        Code = "GM2026-01-01",
        Title = "推进工程建设项目审批制度改革",
        AreaId = 1,
        OfficeId = 1,
        LeadUnitId = 1,
        StartDate = new DateOnly(2026, 1, 1),
        DueDate = new DateOnly(2026, 12, 31),
    };

    /// <summary>Returns each key (the Chinese text) formatted, as the zh-CN culture does.</summary>
    private sealed class ChineseKeys : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
