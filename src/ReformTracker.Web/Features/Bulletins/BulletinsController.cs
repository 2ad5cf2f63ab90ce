using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure.Spreadsheets;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>
/// 季度跟踪通报: drafts (composed live, Bulletins.Publish), publication (a frozen snapshot) and the published bulletins, which
/// are addressed to every unit and read by everyone who reads tasks.
/// </summary>
[Route("bulletins")]
public sealed class BulletinsController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromServices] BulletinList.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(cancellationToken));

    [HttpGet("draft")]
    [Authorize(Policy = Permissions.BulletinsPublish)]
    public async Task<IActionResult> Draft([FromQuery] BulletinDraft.Query query, [FromServices] BulletinDraft.Handler handler, CancellationToken cancellationToken)
    {
        // An unknown plan or a malformed quarter (quarter=2026-Q9) is a 404, never an error page.
        ModelState.Clear();
        var model = await handler.HandleAsync(query, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("draft/export")]
    [Authorize(Policy = Permissions.BulletinsPublish)]
    public async Task<IActionResult> DraftExport(
        [FromQuery] BulletinDraft.Query query, [FromServices] BulletinDraft.Handler handler, [FromServices] ExportBulletin.Handler export, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var model = await handler.HandleAsync(query, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        var file = export.Write(model.Document);
        return File(file.Content, XlsxWriter.ContentType, file.FileName);
    }

    [HttpPost("publish")]
    [Authorize(Policy = Permissions.BulletinsPublish)]
    public async Task<IActionResult> Publish(
        PublishBulletin.Form form, [FromServices] PublishBulletin.Handler handler, [FromServices] BulletinDraft.Handler draft, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(form, cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("通报已发布");
                return Redirect($"/bulletins/{result.Id}");
            }

            AddErrors(result);
        }

        // Re-show the draft with the errors next to the fields; a form too broken to show a draft is a 404.
        var model = await draft.ForFormAsync(form, cancellationToken);
        return model is null ? NotFound() : View("Draft", model);
    }

    [HttpGet("{id:int}")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Details(int id, [FromServices] PublishedBulletin.Handler handler, CancellationToken cancellationToken)
    {
        var document = await handler.HandleAsync(id, cancellationToken);
        return document is null ? NotFound() : View(document);
    }

    [HttpGet("{id:int}/export")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Export(int id, [FromServices] PublishedBulletin.Handler handler, [FromServices] ExportBulletin.Handler export, CancellationToken cancellationToken)
    {
        var document = await handler.HandleAsync(id, cancellationToken);
        if (document is null)
        {
            return NotFound();
        }

        var file = export.Write(document);
        return File(file.Content, XlsxWriter.ContentType, file.FileName);
    }
}
