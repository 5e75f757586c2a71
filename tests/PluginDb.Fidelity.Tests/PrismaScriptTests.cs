namespace PluginDb.Fidelity.Tests;

/// <summary>Prisma's <c>migrate diff --script</c> output (shapes of ../shared/peers/prisma/FACTS.md §6 and runs of the peer) read as the objects it changes.</summary>
public sealed class PrismaScriptTests
{
    [Fact]
    public void Each_step_of_a_postgresql_script_names_its_object()
    {
        const string Script = """
            -- CreateEnum
            CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

            -- AlterEnum
            ALTER TYPE "Mood" ADD VALUE 'SAD';

            -- DropForeignKey
            ALTER TABLE "public"."Post" DROP CONSTRAINT "Post_authorId_fkey";

            -- DropIndex
            DROP INDEX "public"."Old_idx";

            -- AlterTable
            ALTER TABLE "User" ADD COLUMN     "note" TEXT,
            DROP COLUMN "name",
            ADD COLUMN     "name" INTEGER NOT NULL,
            ALTER COLUMN "email" SET DEFAULT 'x';

            -- AlterTable
            ALTER TABLE "_AToB" ADD CONSTRAINT "_AToB_AB_pkey" PRIMARY KEY ("A", "B");

            -- CreateTable
            CREATE TABLE "Tag" (
                "id" SERIAL NOT NULL,
                CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
            );

            -- CreateIndex
            CREATE UNIQUE INDEX "Tag_id_key" ON "Tag"("id");

            -- RenameIndex
            ALTER INDEX "User_mail_key" RENAME TO "User_email_key";

            -- RenameForeignKey
            ALTER TABLE "Post" RENAME CONSTRAINT "Post_author_fkey" TO "Post_authorId_fkey";

            -- AddForeignKey
            ALTER TABLE "Post" ADD CONSTRAINT "Post_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

            """;

        Assert.Equal(
            [
                "missing enum Role", "missing enum value Mood.SAD", "extra foreign key Post.Post_authorId_fkey", "extra index Old_idx",
                "missing column User.note", "extra column User.name", "missing column User.name", "changed column User.email",
                "missing primary key _AToB._AToB_AB_pkey", "missing table Tag", "missing index Tag_id_key", "changed index User_email_key",
                "changed foreign key Post.Post_authorId_fkey", "missing foreign key Post.Post_tagId_fkey",
            ],
            PrismaScript.Parse(Script).Select(c => c.ToString()));
    }

    [Fact]
    public void An_enum_losing_values_is_its_enum_changing_not_its_columns()
    {
        const string Script = """

            -- AlterEnum
            BEGIN;
            CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
            ALTER TABLE "public"."T" ALTER COLUMN "role" DROP DEFAULT;
            ALTER TABLE "T" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
            ALTER TYPE "Role" RENAME TO "Role_old";
            ALTER TYPE "Role_new" RENAME TO "Role";
            DROP TYPE "public"."Role_old";
            ALTER TABLE "T" ALTER COLUMN "role" SET DEFAULT 'USER';
            COMMIT;

            """;

        Assert.Equal(["changed enum Role"], PrismaScript.Parse(Script).Select(c => c.ToString()));
    }

    [Fact]
    public void A_sqlite_redefinition_is_its_table_changing_and_the_indexes_it_makes_again_are_part_of_it()
    {
        const string Script = """
            -- RedefineTables
            PRAGMA defer_foreign_keys=ON;
            PRAGMA foreign_keys=OFF;
            CREATE TABLE "new_User" (
                "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                "email" TEXT
            );
            INSERT INTO "new_User" ("email", "id") SELECT "email", "id" FROM "User";
            DROP TABLE "User";
            ALTER TABLE "new_User" RENAME TO "User";
            CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
            PRAGMA foreign_keys=ON;
            PRAGMA defer_foreign_keys=OFF;

            -- RedefineIndex
            DROP INDEX "sqlite_autoindex_Tag_1";
            CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");

            """;

        Assert.Equal(["changed table User", "changed index Tag_name_key"], PrismaScript.Parse(Script).Select(c => c.ToString()));
    }
}
