using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformTracker.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Escalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AddressedTo",
                table: "Notices",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EscalatedFromId",
                table: "Notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "NoticeEscalations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NoticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TakenBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TakenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResultingNoticeId = table.Column<int>(type: "INTEGER", nullable: true),
                    BulletinQuarterKey = table.Column<int>(type: "INTEGER", nullable: true),
                    GoodFaith = table.Column<bool>(type: "INTEGER", nullable: false),
                    GoodFaithReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IsDeleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoticeEscalations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NoticeEscalations_Notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "Notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NoticeEscalations_Notices_ResultingNoticeId",
                        column: x => x.ResultingNoticeId,
                        principalTable: "Notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_EscalatedFromId",
                table: "Notices",
                column: "EscalatedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_NoticeEscalations_BulletinQuarterKey",
                table: "NoticeEscalations",
                column: "BulletinQuarterKey");

            migrationBuilder.CreateIndex(
                name: "IX_NoticeEscalations_NoticeId_Step",
                table: "NoticeEscalations",
                columns: new[] { "NoticeId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NoticeEscalations_ResultingNoticeId",
                table: "NoticeEscalations",
                column: "ResultingNoticeId");

            migrationBuilder.AddForeignKey(
                name: "FK_Notices_Notices_EscalatedFromId",
                table: "Notices",
                column: "EscalatedFromId",
                principalTable: "Notices",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Notices_Notices_EscalatedFromId",
                table: "Notices");

            migrationBuilder.DropTable(
                name: "NoticeEscalations");

            migrationBuilder.DropIndex(
                name: "IX_Notices_EscalatedFromId",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "AddressedTo",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "EscalatedFromId",
                table: "Notices");
        }
    }
}
