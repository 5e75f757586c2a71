using PluginDb.Core.Findings;

namespace PluginDb.Core.Tests.Manifests;

/// <summary>A throwaway folder for plugin files, deleted with everything in it (links are not followed).</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("plugindb-manifests-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/>, creating folders; returns the full path.</summary>
    public string Write(string relative, string text) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public string CreateFolder(string relative) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relative)).FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    /// <summary>Where the <paramref name="occurrence"/>-th (1-based) <paramref name="marker"/> starts in <paramref name="text"/>.</summary>
    public static SourcePosition At(string text, string marker, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"marker {marker} #{occurrence} not in the test's JSON");
        }
        return SourcePosition.FromOffset(text, index);
    }
}
