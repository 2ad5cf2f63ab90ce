using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Users;

[Route("users")]
[ProtectAuditAdministrators]
public sealed class UsersController : FeatureController
{
    [HttpGet("")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> Index([FromQuery] UserList.Query query, [FromServices] UserList.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.HandleAsync(query, cancellationToken));

    [HttpGet("create")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> Create([FromServices] CreateUser.Handler handler, CancellationToken cancellationToken) =>
        View(await handler.NewAsync(cancellationToken));

    [HttpPost("create")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> Create(CreateUser.Form form, [FromServices] CreateUser.Handler handler, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var outcome = await handler.CreateAsync(form, cancellationToken);
            if (outcome.Password is { } password)
            {
                return ShowOnce(password);
            }

            AddErrors(outcome.Result);
        }

        return View(await handler.WithOptionsAsync(form, cancellationToken));
    }

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> Edit(int id, [FromServices] EditUser.Handler handler, CancellationToken cancellationToken)
    {
        var model = await handler.EditAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> Edit(int id, EditUser.Form form, [FromServices] EditUser.Handler handler, CancellationToken cancellationToken)
    {
        if (!await handler.ExistsAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await handler.UpdateAsync(id, form, cancellationToken);
            if (result.Status == CommandStatus.NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                Flash("用户已保存");
                return RedirectToAction(nameof(Index));
            }

            AddErrors(result);
        }

        return View(await handler.WithOptionsAsync(id, form, cancellationToken));
    }

    [HttpPost("{id:int}/disable")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> Disable(int id, [FromServices] UserAccess.Handler handler, CancellationToken cancellationToken)
    {
        switch (await handler.DisableAsync(id, cancellationToken))
        {
            case UserAccess.Outcome.NotFound:
                return NotFound();
            case UserAccess.Outcome.OwnAccount:
                return Forbid();
            default:
                Flash("用户已停用，其已登录的会话也将随即失效");
                return RedirectToAction(nameof(Index));
        }
    }

    [HttpPost("{id:int}/enable")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> Enable(int id, [FromServices] UserAccess.Handler handler, CancellationToken cancellationToken)
    {
        if (await handler.EnableAsync(id, cancellationToken) == UserAccess.Outcome.NotFound)
        {
            return NotFound();
        }

        Flash("用户已启用");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/reset-password")]
    [Authorize(Policy = Permissions.UsersManage)]
    public async Task<IActionResult> ResetPassword(int id, [FromServices] ResetPassword.Handler handler, CancellationToken cancellationToken)
    {
        var password = await handler.ResetAsync(id, cancellationToken);
        return password is null ? NotFound() : ShowOnce(password);
    }

    /// <summary>The password travels only in this answer to the POST; no cache, history entry or redirect URL keeps it.</summary>
    private ViewResult ShowOnce(OneTimePassword.Model password)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        return View("OneTimePassword", password);
    }
}
