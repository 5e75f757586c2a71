namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>A folder of the test's own under the system temp folder, so a test can see what a source left in it.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = Directory.CreateTempSubdirectory("plugindb-test-").FullName;
        // The server runs as 'postgres' when the tests run as root: it must reach its folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    public string Path { get; }

    public IReadOnlyList<string> Entries => Directory.EnumerateFileSystemEntries(Path).ToArray();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
