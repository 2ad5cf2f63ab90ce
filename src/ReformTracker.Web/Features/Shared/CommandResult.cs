namespace ReformTracker.Web.Features.Shared;

public enum CommandStatus
{
    Succeeded,
    NotFound,
    Invalid,
    Conflict,
}

/// <summary>The outcome of a write: expected refusals carry a user-facing message for a field (or the whole form).</summary>
public sealed record CommandResult(CommandStatus Status, int Id, IReadOnlyList<FieldError> Errors)
{
    public static CommandResult Ok(int id) => new(CommandStatus.Succeeded, id, []);

    public static CommandResult NotFound() => new(CommandStatus.NotFound, 0, []);

    public static CommandResult Invalid(string field, string message) => new(CommandStatus.Invalid, 0, [new FieldError(field, message)]);

    public static CommandResult Invalid(IReadOnlyList<FieldError> errors) => new(CommandStatus.Invalid, 0, errors);

    public static CommandResult Conflict(string message) => new(CommandStatus.Conflict, 0, [new FieldError(string.Empty, message)]);

    public bool Succeeded => Status == CommandStatus.Succeeded;
}

public sealed record FieldError(string Field, string Message);
