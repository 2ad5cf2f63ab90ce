using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure.Spreadsheets;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Ranking;

[Route("ranking")]
public sealed class RankingController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromQuery] RankingPages.Query query, [FromServices] RankingPages.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed plan (plan=abc) binds as "the latest plan"; an unknown plan or a month that cannot be ranked is a 404.
        ModelState.Clear();
        var model = await handler.BoardAsync(query, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("units/{unitId:int}")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Unit(int unitId, [FromQuery] RankingPages.Query query, [FromServices] RankingPages.Handler handler, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var model = await handler.UnitAsync(unitId, query, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("export")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Export(
        [FromQuery] RankingPages.Query query, [FromServices] RankingPages.Handler pages, [FromServices] ExportRanking.Handler handler, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (await pages.ResolveAsync(query, cancellationToken) is not { } target || await handler.HandleAsync(target.PlanId, target.Period, cancellationToken) is not { } file)
        {
            return NotFound();
        }

        return File(file.Content, XlsxWriter.ContentType, file.FileName);
    }

    [HttpPost("publish")]
    [Authorize(Policy = Permissions.RankingPublish)]
    public async Task<IActionResult> Publish(
        [FromForm] int? plan, [FromForm] string? month, [FromServices] PublishRanking.Handler handler, CancellationToken cancellationToken)
    {
        if (plan is not { } planId || !YearMonth.TryParse(month, out var period))
        {
            return NotFound();
        }

        var result = await handler.HandleAsync(planId, period, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            Flash("晒比榜已发布，榜单数据已固定");
        }
        else
        {
            TempData["FlashError"] = result.Errors[0].Message;
        }

        return Redirect($"/ranking?plan={planId}&month={period}");
    }

    [HttpGet("rows/{rowId:int}/amend")]
    [Authorize(Policy = Permissions.RankingPublish)]
    public async Task<IActionResult> Amend(int rowId, [FromServices] AmendRanking.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.PageAsync(rowId, null, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("rows/{rowId:int}/amend")]
    [Authorize(Policy = Permissions.RankingPublish)]
    public async Task<IActionResult> Amend(int rowId, AmendRanking.Form form, [FromServices] AmendRanking.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.PageAsync(rowId, form, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(rowId, form, cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("更正已保存，原榜单数据保留在旁");
                return Redirect($"/ranking/units/{model.Row.UnitId}?plan={model.PlanId}&month={model.Period}");
            }

            AddErrors(result);
        }

        return View(model);
    }

    [HttpGet("weights")]
    [Authorize(Policy = Permissions.RankingConfigure)]
    public async Task<IActionResult> Weights([FromQuery] int? plan, [FromServices] RankingWeightsEditor.Handler handler, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var model = plan is { } id ? await handler.PageAsync(id, null, cancellationToken) : null;
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("weights")]
    [Authorize(Policy = Permissions.RankingConfigure)]
    public async Task<IActionResult> Weights(
        [FromQuery] int? plan, RankingWeightsEditor.Form form, [FromServices] RankingWeightsEditor.Handler handler, CancellationToken cancellationToken)
    {
        var model = plan is { } id ? await handler.PageAsync(id, form, cancellationToken) : null;
        if (model is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(model.PlanId, form, cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("权重已保存，未发布的月份按新权重计算");
                return Redirect($"/ranking?plan={model.PlanId}");
            }

            AddErrors(result);
        }

        return View(model);
    }
}
