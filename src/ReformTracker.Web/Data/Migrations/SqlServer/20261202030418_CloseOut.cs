using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformTracker.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CloseOut : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "ReportId",
                table: "EvidenceFiles",
                type: "int",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "int");

            migrationBuilder.AddColumn<int>(
                name: "CloseOutId",
                table: "EvidenceFiles",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NoticeResponseId",
                table: "EvidenceFiles",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CloseOutApplications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TaskId = table.Column<int>(type: "int", nullable: false),
                    UnitId = table.Column<int>(type: "int", nullable: false),
                    Summary = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    AppliedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    AppliedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    DecidedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DecisionReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    IsDeleted = table.Column<bool>(type: "bit", nullable: false),
                    DeletedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CloseOutApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CloseOutApplications_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CloseOutApplications_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvidenceFiles_CloseOutId",
                table: "EvidenceFiles",
                column: "CloseOutId");

            migrationBuilder.CreateIndex(
                name: "IX_EvidenceFiles_NoticeResponseId",
                table: "EvidenceFiles",
                column: "NoticeResponseId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_EvidenceFiles_OneOwner",
                table: "EvidenceFiles",
                sql: "(CASE WHEN ReportId IS NULL THEN 0 ELSE 1 END) + (CASE WHEN NoticeResponseId IS NULL THEN 0 ELSE 1 END) + (CASE WHEN CloseOutId IS NULL THEN 0 ELSE 1 END) = 1");

            migrationBuilder.CreateIndex(
                name: "IX_CloseOutApplications_OnePendingPerTask",
                table: "CloseOutApplications",
                column: "TaskId",
                unique: true,
                filter: "Status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_CloseOutApplications_TaskId_Status",
                table: "CloseOutApplications",
                columns: new[] { "TaskId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CloseOutApplications_UnitId",
                table: "CloseOutApplications",
                column: "UnitId");

            migrationBuilder.AddForeignKey(
                name: "FK_EvidenceFiles_CloseOutApplications_CloseOutId",
                table: "EvidenceFiles",
                column: "CloseOutId",
                principalTable: "CloseOutApplications",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_EvidenceFiles_NoticeResponses_NoticeResponseId",
                table: "EvidenceFiles",
                column: "NoticeResponseId",
                principalTable: "NoticeResponses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_EvidenceFiles_CloseOutApplications_CloseOutId",
                table: "EvidenceFiles");

            migrationBuilder.DropForeignKey(
                name: "FK_EvidenceFiles_NoticeResponses_NoticeResponseId",
                table: "EvidenceFiles");

            migrationBuilder.DropTable(
                name: "CloseOutApplications");

            migrationBuilder.DropIndex(
                name: "IX_EvidenceFiles_CloseOutId",
                table: "EvidenceFiles");

            migrationBuilder.DropIndex(
                name: "IX_EvidenceFiles_NoticeResponseId",
                table: "EvidenceFiles");

            migrationBuilder.DropCheckConstraint(
                name: "CK_EvidenceFiles_OneOwner",
                table: "EvidenceFiles");

            migrationBuilder.DropColumn(
                name: "CloseOutId",
                table: "EvidenceFiles");

            migrationBuilder.DropColumn(
                name: "NoticeResponseId",
                table: "EvidenceFiles");

            migrationBuilder.AlterColumn<int>(
                name: "ReportId",
                table: "EvidenceFiles",
                type: "int",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "int",
                oldNullable: true);
        }
    }
}
