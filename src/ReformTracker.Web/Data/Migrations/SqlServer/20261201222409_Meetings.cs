using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformTracker.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Meetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MeetingItemId",
                table: "Notices",
                type: "int",
                nullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "TaskId",
                table: "Flags",
                type: "int",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "int");

            migrationBuilder.AddColumn<int>(
                name: "MeetingItemId",
                table: "Flags",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Meetings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    PlanId = table.Column<int>(type: "int", nullable: true),
                    OfficeId = table.Column<int>(type: "int", nullable: true),
                    Attendees = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Minutes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    IsDeleted = table.Column<bool>(type: "bit", nullable: false),
                    DeletedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Meetings", x => x.Id);
                    table.CheckConstraint("CK_Meetings_PlanOrOffice", "(PlanId IS NULL AND OfficeId IS NOT NULL) OR (PlanId IS NOT NULL AND OfficeId IS NULL)");
                    table.ForeignKey(
                        name: "FK_Meetings_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Meetings_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MeetingId = table.Column<int>(type: "int", nullable: false),
                    Content = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    AssigneeUnitId = table.Column<int>(type: "int", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    TaskId = table.Column<int>(type: "int", nullable: true),
                    State = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CompletionNote = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    DoneBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    DoneAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReopenReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ReopenedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    ReopenedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    IsDeleted = table.Column<bool>(type: "bit", nullable: false),
                    DeletedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingItems_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingItems_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingItems_Units_AssigneeUnitId",
                        column: x => x.AssigneeUnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_MeetingItemId",
                table: "Notices",
                column: "MeetingItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Flags_MeetingItemId_ClosedAtUtc",
                table: "Flags",
                columns: new[] { "MeetingItemId", "ClosedAtUtc" });

            migrationBuilder.AddCheckConstraint(
                name: "CK_Flags_TaskOrMeetingItem",
                table: "Flags",
                sql: "(TaskId IS NULL AND MeetingItemId IS NOT NULL) OR (TaskId IS NOT NULL AND MeetingItemId IS NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingItems_AssigneeUnitId_State",
                table: "MeetingItems",
                columns: new[] { "AssigneeUnitId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingItems_MeetingId",
                table: "MeetingItems",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingItems_State_Deadline",
                table: "MeetingItems",
                columns: new[] { "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingItems_TaskId",
                table: "MeetingItems",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_OfficeId_Date",
                table: "Meetings",
                columns: new[] { "OfficeId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_PlanId_Date",
                table: "Meetings",
                columns: new[] { "PlanId", "Date" });

            migrationBuilder.AddForeignKey(
                name: "FK_Flags_MeetingItems_MeetingItemId",
                table: "Flags",
                column: "MeetingItemId",
                principalTable: "MeetingItems",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Notices_MeetingItems_MeetingItemId",
                table: "Notices",
                column: "MeetingItemId",
                principalTable: "MeetingItems",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Flags_MeetingItems_MeetingItemId",
                table: "Flags");

            migrationBuilder.DropForeignKey(
                name: "FK_Notices_MeetingItems_MeetingItemId",
                table: "Notices");

            migrationBuilder.DropTable(
                name: "MeetingItems");

            migrationBuilder.DropTable(
                name: "Meetings");

            migrationBuilder.DropIndex(
                name: "IX_Notices_MeetingItemId",
                table: "Notices");

            migrationBuilder.DropIndex(
                name: "IX_Flags_MeetingItemId_ClosedAtUtc",
                table: "Flags");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Flags_TaskOrMeetingItem",
                table: "Flags");

            migrationBuilder.DropColumn(
                name: "MeetingItemId",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "MeetingItemId",
                table: "Flags");

            migrationBuilder.AlterColumn<int>(
                name: "TaskId",
                table: "Flags",
                type: "int",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "int",
                oldNullable: true);
        }
    }
}
