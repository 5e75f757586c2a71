using System.Diagnostics;

namespace PluginDb.Benchmarks;

/// <summary>Pull requests made in throwaway git repositories: the base committed on <c>main</c>, the change left in the work tree.</summary>
internal static class BenchmarkGit
{
    public static void Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "core.autocrlf=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {errors}");
        }
    }

    /// <summary>Commits everything under <paramref name="directory"/> as <c>main</c> of a new repository.</summary>
    public static void CommitAsMain(string directory)
    {
        Run(directory, "init", "--quiet", "--initial-branch=main");
        Run(directory, "add", ".");
        Run(directory, "commit", "--quiet", "-m", "base");
    }

    /// <summary>Copies a <c>migration.sql</c> into a folder of the same name under <paramref name="migrations"/>; returns the copy.</summary>
    public static string CopyMigration(string file, string migrations)
    {
        var folder = Path.Combine(migrations, Path.GetFileName(Path.GetDirectoryName(file)!));
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "migration.sql");
        File.Copy(file, target);
        return target;
    }
}
