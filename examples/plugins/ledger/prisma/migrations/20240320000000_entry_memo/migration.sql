-- AlterTable
ALTER TABLE "Entry" ADD COLUMN     "memo" TEXT;
