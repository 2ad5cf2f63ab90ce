using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Review;

[Route("review")]
public sealed class ReviewController : FeatureController
{
    private const string QueueUrl = "/review";

    [HttpGet("")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public async Task<IActionResult> Index([FromQuery] PendingReports.Query query, [FromServices] PendingReports.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed filter value (unit=abc) binds as "no filter": the queue still answers.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    [HttpGet("{id:int}")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public async Task<IActionResult> Details(int id, [FromServices] ReviewDetails.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.HandleAsync(id, null, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/accept")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public async Task<IActionResult> Accept(int id, AcceptReport.Form form, [FromServices] AcceptReport.Handler handler, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(id, form, cancellationToken);
        switch (outcome.Result.Status)
        {
            case CommandStatus.NotFound:
                return NotFound();
            case CommandStatus.Succeeded:
                TempData["Flash"] = L["已通过 {0} {1} 月报", outcome.TaskCode!, outcome.Period!].Value;
                return Redirect(BackTo(form.ReturnUrl));
            default:
                TempData["FlashError"] = outcome.Result.Errors[0].Message;
                return Redirect($"/review/{id}");
        }
    }

    [HttpPost("{id:int}/return")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public async Task<IActionResult> Return(
        int id, ReturnReport.Form form, [FromServices] ReturnReport.Handler handler, [FromServices] ReviewDetails.Handler details, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            // Nothing is changed: the review page comes back with the message beside the comment box.
            var model = await details.HandleAsync(id, form, cancellationToken);
            return model is null ? NotFound() : View(nameof(Details), model);
        }

        var outcome = await handler.HandleAsync(id, form, cancellationToken);
        switch (outcome.Result.Status)
        {
            case CommandStatus.NotFound:
                return NotFound();
            case CommandStatus.Succeeded:
                TempData["Flash"] = L["已退回 {0} {1} 月报", outcome.TaskCode!, outcome.Period!].Value;
                return Redirect(QueueUrl);
            default:
                TempData["FlashError"] = outcome.Result.Errors[0].Message;
                return Redirect($"/review/{id}");
        }
    }

    [HttpPost("accept")]
    [Authorize(Policy = Permissions.ReportsReview)]
    public async Task<IActionResult> BulkAccept(BulkAccept.Form form, [FromServices] BulkAccept.Handler handler, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(form, cancellationToken);
        var back = BackTo(form.ReturnUrl);
        if (outcome.Selected == 0)
        {
            TempData["FlashError"] = L["请先勾选要通过的月报"].Value;
            return Redirect(back);
        }

        if (outcome.Conflict)
        {
            TempData["FlashError"] = L["所选月报中有的刚刚被他人处理，本次未作任何更改，请刷新后重试"].Value;
            return Redirect(back);
        }

        var text = L["已通过 {0} 份月报", outcome.Accepted].Value;
        if (outcome.Skipped > 0)
        {
            var reasons = new List<string>();
            if (outcome.NotSubmitted > 0)
            {
                reasons.Add(L["{0} 份已不是待审核状态（可能已被审核或撤回）", outcome.NotSubmitted].Value);
            }

            if (outcome.OutOfScope > 0)
            {
                reasons.Add(L["{0} 份不存在或不属于本专项办审核", outcome.OutOfScope].Value);
            }

            text += L["；跳过 {0} 份：{1}", outcome.Skipped, string.Join(L["；"].Value, reasons)].Value;
        }

        TempData[outcome.Accepted > 0 ? "Flash" : "FlashError"] = text;
        return Redirect(back);
    }

    [HttpGet("/reports/matrix")]
    [Authorize(Policy = Permissions.ReportsMonitor)]
    public async Task<IActionResult> Matrix([FromQuery] SubmissionMatrix.Query query, [FromServices] SubmissionMatrix.Handler handler, CancellationToken cancellationToken)
    {
        // months=abc or plan=-1 are not errors: they fall back to the default span and an empty plan.
        ModelState.Clear();
        return View(await handler.HandleAsync(query, cancellationToken));
    }

    /// <summary>Back to the queue as it was filtered; never anywhere outside it.</summary>
    private string BackTo(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl) && (returnUrl == QueueUrl || returnUrl.StartsWith(QueueUrl + "?", StringComparison.Ordinal))
            ? returnUrl
            : QueueUrl;
}
