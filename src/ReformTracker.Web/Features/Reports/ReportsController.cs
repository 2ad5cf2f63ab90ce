using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Reports;

public sealed class ReportsController : FeatureController
{
    private const string PeriodRoute = "{period:regex(^\\d{{4}}-\\d{{2}}$)}";

    [HttpGet("/reports/inbox")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Inbox([FromServices] ReportInbox.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));

    [HttpPost("/reports/inbox/carry-forward")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> CarryForwardMany([FromForm] int[] taskIds, [FromServices] ReportActions.Handler handler, CancellationToken cancellationToken)
    {
        var (created, skipped) = await handler.CarryForwardManyAsync(taskIds, cancellationToken);
        TempData["Flash"] = L["已沿用上月生成 {0} 份草稿，请逐项核对后提交。跳过 {1} 项（本月已有月报或上月无月报）。", created, skipped].Value;
        return Redirect("/reports/inbox");
    }

    [HttpPost("/reports/inbox/submit")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> SubmitMany([FromForm] int[] reportIds, [FromServices] ReportActions.Handler handler, CancellationToken cancellationToken)
    {
        var (submitted, skipped) = await handler.SubmitManyAsync(reportIds, cancellationToken);
        TempData["Flash"] = skipped.Count == 0
            ? L["已提交 {0} 份月报", submitted].Value
            : L["已提交 {0} 份月报；未提交：{1}", submitted, string.Join("、", skipped)].Value;
        return Redirect("/reports/inbox");
    }

    [HttpGet("/tasks/{taskId:int}/reports/" + PeriodRoute)]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Edit(int taskId, string period, [FromServices] ReportEditor.Handler handler, CancellationToken cancellationToken)
    {
        var (refusal, month) = await GuardAsync(taskId, period, handler, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (month > handler.OpenPeriod)
        {
            TempData["FlashError"] = L["不能填报 {0} 的月报：该月份尚未开始填报", month.ToString()].Value;
            return Redirect("/reports/inbox");
        }

        return View(await handler.OpenAsync(taskId, month, cancellationToken));
    }

    [HttpPost("/tasks/{taskId:int}/reports/" + PeriodRoute)]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Edit(int taskId, string period, ReportEditor.Form form, [FromServices] ReportEditor.Handler handler, CancellationToken cancellationToken)
    {
        var (refusal, month) = await GuardAsync(taskId, period, handler, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var conflict = false;
        if (ModelState.IsValid)
        {
            var result = await handler.SaveAsync(taskId, month, form, cancellationToken);
            if (result.Succeeded)
            {
                Flash(form.IsSubmit ? "月报已提交，等待专项办审核" : "草稿已保存");
                return Redirect(form.IsSubmit ? "/reports/inbox" : $"/tasks/{taskId}/reports/{month}");
            }

            conflict = result.Status == CommandStatus.Conflict;
            AddErrors(result);
        }

        return View(await handler.RedisplayAsync(taskId, month, form, conflict, cancellationToken));
    }

    /// <summary>Autosave: the same save as the form, answered in JSON for the page's script.</summary>
    [HttpPost("/tasks/{taskId:int}/reports/" + PeriodRoute + "/autosave")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Autosave(int taskId, string period, ReportEditor.Form form, [FromServices] ReportEditor.Handler handler, CancellationToken cancellationToken)
    {
        var (refusal, month) = await GuardAsync(taskId, period, handler, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        form.Intent = ReportEditor.SaveIntent;
        if (!ModelState.IsValid)
        {
            return BadRequest(new { errors = ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => new { field = e.Key, message = e.Value!.Errors[0].ErrorMessage }) });
        }

        var result = await handler.SaveAsync(taskId, month, form, cancellationToken);
        if (result.Succeeded)
        {
            return Json(new { reportId = result.Id, version = await handler.VersionOfAsync(result.Id, cancellationToken) });
        }

        return result.Status == CommandStatus.Conflict
            ? Conflict(new { conflict = true, message = result.Errors[0].Message })
            : BadRequest(new { errors = result.Errors.Select(e => new { field = e.Field, message = e.Message }) });
    }

    [HttpPost("/tasks/{taskId:int}/reports/" + PeriodRoute + "/carry-forward")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> CarryForward(int taskId, string period, [FromServices] ReportEditor.Handler handler, CancellationToken cancellationToken)
    {
        var (refusal, month) = await GuardAsync(taskId, period, handler, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var result = await handler.CarryForwardAsync(taskId, month, cancellationToken);
        if (result.Succeeded)
        {
            Flash("已沿用上月内容生成草稿，请核对修改后提交");
        }
        else
        {
            TempData["FlashError"] = result.Errors[0].Message;
        }

        return Redirect($"/tasks/{taskId}/reports/{month}");
    }

    [HttpPost("/reports/{id:int}/withdraw")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Withdraw(int id, [FromServices] ReportActions.Handler handler, CancellationToken cancellationToken)
    {
        var (report, mayFile) = await handler.LocateAsync(id, cancellationToken);
        if (report is null)
        {
            return NotFound();
        }

        if (!mayFile)
        {
            return Forbid();
        }

        var result = await handler.WithdrawAsync(id, cancellationToken);
        if (result.Succeeded)
        {
            Flash("月报已撤回为草稿");
        }
        else
        {
            TempData["FlashError"] = result.Errors[0].Message;
        }

        return Redirect($"/tasks/{report.TaskId}/reports/{report.Period}");
    }

    [HttpGet("/reports/{id:int}/amend")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Amend(int id, [FromServices] ReportActions.Handler locator, [FromServices] AmendReport.Handler handler, CancellationToken cancellationToken)
    {
        var (report, mayFile) = await locator.LocateAsync(id, cancellationToken);
        if (report is null)
        {
            return NotFound();
        }

        return mayFile ? View(await handler.OpenAsync(id, null, cancellationToken)) : Forbid();
    }

    [HttpPost("/reports/{id:int}/amend")]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Amend(int id, AmendReport.Form form, [FromServices] ReportActions.Handler locator, [FromServices] AmendReport.Handler handler, CancellationToken cancellationToken)
    {
        var (report, mayFile) = await locator.LocateAsync(id, cancellationToken);
        if (report is null)
        {
            return NotFound();
        }

        if (!mayFile)
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(id, form, cancellationToken);
            if (result.Succeeded)
            {
                Flash("更正已保存，原内容与更正原因一并保留");
                return Redirect($"/tasks/{report.TaskId}");
            }

            AddErrors(result);
        }

        return View(await handler.OpenAsync(id, form, cancellationToken));
    }

    [HttpGet("/tasks/{taskId:int}/feedback/" + PeriodRoute)]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Feedback(int taskId, string period, [FromServices] CooperationNote.Handler handler, CancellationToken cancellationToken)
    {
        if (!YearMonth.TryParse(period, out var month))
        {
            return NotFound();
        }

        return await handler.MayWriteAsync(taskId, cancellationToken)
            ? View(await handler.OpenAsync(taskId, month, null, cancellationToken))
            : NotFound();
    }

    [HttpPost("/tasks/{taskId:int}/feedback/" + PeriodRoute)]
    [Authorize(Policy = Permissions.ReportsFile)]
    public async Task<IActionResult> Feedback(int taskId, string period, CooperationNote.Form form, [FromServices] CooperationNote.Handler handler, CancellationToken cancellationToken)
    {
        if (!YearMonth.TryParse(period, out var month) || !await handler.MayWriteAsync(taskId, cancellationToken))
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.SaveAsync(taskId, month, form, cancellationToken);
            if (result.Succeeded)
            {
                Flash("配合情况已保存，牵头单位填报时可以看到");
                return Redirect("/reports/inbox");
            }

            AddErrors(result);
        }

        return View(await handler.OpenAsync(taskId, month, form, cancellationToken));
    }

    /// <summary>A malformed month or an unknown/out-of-scope task is 404; a visible task another unit files is 403.</summary>
    private async Task<(IActionResult? Refusal, YearMonth Month)> GuardAsync(int taskId, string period, ReportEditor.Handler handler, CancellationToken cancellationToken)
    {
        if (!YearMonth.TryParse(period, out var month))
        {
            return (NotFound(), default);
        }

        return await handler.CheckAccessAsync(taskId, cancellationToken) switch
        {
            ReportEditor.Access.NotFound => (NotFound(), month),
            ReportEditor.Access.Forbidden => (Forbid(), month),
            _ => (null, month),
        };
    }
}
