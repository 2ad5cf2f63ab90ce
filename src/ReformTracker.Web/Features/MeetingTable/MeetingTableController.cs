using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure.Spreadsheets;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.MeetingTable;

/// <summary>晒比会议表: the table on screen (with a full-screen meeting mode), on paper and as a workbook.</summary>
public sealed class MeetingTableController : FeatureController
{
    [HttpGet("/meeting-table")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Index([FromQuery] MeetingTable.Query query, [FromServices] MeetingTable.Handler handler, CancellationToken cancellationToken)
    {
        // A malformed number (plan=abc) binds as "no filter"; an unknown plan or office, or one outside the scope, is a 404.
        ModelState.Clear();
        var model = await handler.HandleAsync(query, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        if (model.MonthError is { } error)
        {
            ModelState.AddModelError(nameof(MeetingTable.Query.Month), L[error]);
        }

        return View(model);
    }

    [HttpGet("/meeting-table/print")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Print([FromQuery] MeetingTable.Query query, [FromQuery] string? paper, [FromServices] MeetingTable.Handler handler, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var model = await handler.HandleAsync(query, cancellationToken);
        if (model is null || model.MonthError is not null || model.ScopeName is null)
        {
            return NotFound();
        }

        ViewData["Paper"] = string.Equals(paper, "A3", StringComparison.OrdinalIgnoreCase) ? "A3" : "A4";
        return View(model);
    }

    [HttpGet("/meeting-table/export")]
    [Authorize(Policy = Permissions.TasksView)]
    public async Task<IActionResult> Export([FromQuery] MeetingTable.Query query, [FromServices] ExportMeetingTable.Handler handler, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var file = await handler.HandleAsync(query, cancellationToken);
        return file is null ? NotFound() : File(file.Content, XlsxWriter.ContentType, file.FileName);
    }
}
