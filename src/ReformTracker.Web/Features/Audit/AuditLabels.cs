using ReformTracker.Web.Domain.Auditing;

namespace ReformTracker.Web.Features.Audit;

/// <summary>The Chinese names of audit actions, audited record types and their fields; views pass them through the localizer.</summary>
public static class AuditLabels
{
    public static string Label(this AuditAction action) => action switch
    {
        AuditAction.Created => "新增",
        AuditAction.Updated => "修改",
        AuditAction.Deleted => "删除",
        AuditAction.Restored => "恢复",
        AuditAction.SignedIn => "登录成功",
        AuditAction.SignInFailed => "登录失败",
        AuditAction.LockedOut => "账户锁定",
        AuditAction.SignedOut => "退出登录",
        AuditAction.PasswordChanged => "修改密码",
        AuditAction.PasswordReset => "重置密码",
        AuditAction.AccessDenied => "拒绝访问",
        _ => action.ToString(),
    };

    public static string BadgeClass(this AuditAction action) => action switch
    {
        AuditAction.Created or AuditAction.Restored or AuditAction.SignedIn => "text-bg-success",
        AuditAction.Updated or AuditAction.PasswordChanged or AuditAction.PasswordReset => "text-bg-primary",
        AuditAction.Deleted or AuditAction.LockedOut => "text-bg-danger",
        AuditAction.SignInFailed or AuditAction.AccessDenied => "text-bg-warning",
        _ => "text-bg-light border",
    };

    /// <summary>The stored type name (the CLR class or the security subject) in Chinese; unknown names are shown as stored.</summary>
    public static string EntityTypeLabel(string entityType) => entityType switch
    {
        "ReformTask" => "任务",
        "Milestone" => "节点",
        "TaskCooperation" => "配合单位",
        "MonthlyReport" => "月报",
        "ReportProblem" => "存在问题",
        "Office" => "专项办",
        "Unit" => "单位",
        "Plan" => "改革清单",
        "Area" => "领域",
        "Official" => "领导",
        "AppUser" => "用户",
        "Request" => "请求",
        "User" => "用户账户",
        _ => entityType,
    };

    public static bool IsKnownEntityType(string entityType) => !string.Equals(EntityTypeLabel(entityType), entityType, StringComparison.Ordinal);

    /// <summary>A changed field's Chinese name; a field without one is shown by its stored name.</summary>
    public static string FieldLabel(string entityType, string field) => (entityType, field) switch
    {
        ("Milestone", "Title") => "节点名称",
        ("Plan", "Description") => "说明",
        ("ReportProblem", "Description") => "问题描述",
        ("AppUser", "UserName") => "用户名",
        ("AppUser", "UnitId") => "所属单位",
        ("AppUser", "OfficeId") => "所属专项办",
        (_, "Title") => "任务名称",
        (_, "Code") => "编号",
        (_, "Content") => "任务内容",
        (_, "Target") => "目标",
        (_, "WorkStandard") => "工作标准",
        (_, "PlanId") => "改革清单",
        (_, "AreaId") => "领域",
        (_, "OfficeId") => "专项办",
        (_, "LeadUnitId") => "牵头单位",
        (_, "LeadingOfficialId") => "领办领导",
        (_, "StartDate") => "开始日期",
        (_, "DueDate") => "完成时限",
        (_, "Priority") => "优先级",
        (_, "Status") => "状态",
        (_, "CompletedOn") => "完成日期",
        (_, "IsKeyProject") => "重点项目",
        (_, "PlannedTotalInvestment") => "计划总投资",
        (_, "PlannedAnnualInvestment") => "年度计划投资",
        (_, "ConstructionState") => "建设状态",
        (_, "PercentComplete") => "进度",
        (_, "LastReportedPeriod") => "最近月报月份",
        (_, "InvestmentCompletedToDate") => "累计完成投资",
        (_, "IsDeleted") => "删除标记",
        (_, "TaskId") => "所属任务",
        (_, "PlannedDate") => "计划日期",
        (_, "DoneDate") => "完成日期",
        (_, "UnitId") => "单位",
        (_, "Name") => "名称",
        (_, "ShortName") => "简称",
        (_, "Duties") => "职责",
        (_, "Position") => "职务",
        (_, "Kind") => "单位类型",
        (_, "ParentId") => "上级单位",
        (_, "SortOrder") => "排序",
        (_, "StartYear") => "起始年份",
        (_, "EndYear") => "截止年份",
        (_, "Period") => "月份",
        (_, "Achievement") => "实现情况",
        (_, "PercentDecreaseReason") => "进度回退原因",
        (_, "InvestmentThisMonth") => "本月完成投资",
        (_, "SubmittedAtUtc") => "提交时间",
        (_, "ReviewedAtUtc") => "审核时间",
        (_, "ReviewComment") => "审核意见",
        (_, "ReportId") => "所属月报",
        (_, "Measure") => "具体措施",
        (_, "ResponsibleUnitId") => "责任单位",
        (_, "ResolveBy") => "解决时限",
        (_, "ResolvedOn") => "解决日期",
        (_, "DisplayName") => "姓名",
        (_, "Role") => "角色",
        (_, "IsDisabled") => "停用",
        (_, "MustChangePassword") => "须修改密码",
        (_, "PasswordHash") => "密码",
        (_, "SecurityStamp") => "安全戳",
        (_, "Email") => "电子邮箱",
        (_, "EmailConfirmed") => "邮箱已验证",
        (_, "PhoneNumber") => "电话",
        (_, "PhoneNumberConfirmed") => "电话已验证",
        (_, "TwoFactorEnabled") => "双因素认证",
        (_, "LockoutEnabled") => "启用锁定",
        (_, "LockoutEnd") => "锁定截止",
        (_, "AccessFailedCount") => "登录失败次数",
        (_, "detail") => "说明",
        _ => field,
    };
}
