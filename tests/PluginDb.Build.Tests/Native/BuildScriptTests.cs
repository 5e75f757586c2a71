using System.Diagnostics;

namespace PluginDb.Build.Tests.Native;

/// <summary>
/// build.sh's decision to publish, on a copy of the script in a checkout-shaped folder whose
/// <c>dotnet</c> is a stand-in that publishes as the real one lays out folders: it makes <c>bin/</c> and
/// <c>obj/</c> beside every project it builds. A fresh clone publishes once; the next call starts the
/// runner; a changed source publishes again.
/// </summary>
public sealed class BuildScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("plugindb-build-sh-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string FakeDotnet = """
        #!/usr/bin/env bash
        # Stand-in for `dotnet publish build/_build.csproj ... --output DIR`.
        echo publish >> "$PUBLISH_LOG"
        out=
        while [ $# -gt 0 ]; do [ "$1" = --output ] && out="$2"; shift; done
        sleep 1.1
        for d in build src/PluginDb.Core; do mkdir -p "$d/obj/Release" "$d/bin/Release"; done
        printf '#!/bin/sh\necho runner "$@"\n' > "$out/_build"
        chmod +x "$out/_build"
        """;

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private async Task<string> BuildShAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(_root, "build.sh"), "--help"])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = Path.Combine(_root, "fake-bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["PLUGINDB_RUNNER"] = "readytorun";
        start.Environment["PUBLISH_LOG"] = Path.Combine(_root, "publishes.log");
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        return stdout;
    }

    private int Publishes => File.Exists(Path.Combine(_root, "publishes.log")) ? File.ReadAllLines(Path.Combine(_root, "publishes.log")).Length : 0;

    [Fact]
    public async Task A_fresh_clone_publishes_once_and_again_only_after_a_source_changes()
    {
        File.Copy(Path.Combine(RepositoryRoot.Find(), "build.sh"), Path.Combine(_root, "build.sh"));
        Write("fake-bin/dotnet", FakeDotnet);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_root, "fake-bin", "dotnet"), (UnixFileMode)0b111_101_101);
        }
        foreach (var file in new[] { "build/_build.csproj", "build/Build.cs", "src/PluginDb.Core/PluginDb.Core.csproj", "src/PluginDb.Core/A.cs",
            "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json" })
        {
            Write(file, "");
        }

        var first = await BuildShAsync();
        var second = await BuildShAsync();
        var publishedOnce = Publishes;
        await Task.Delay(1100);
        Write("src/PluginDb.Core/B.cs", "");
        await BuildShAsync();

        Assert.Equal("runner --help\n", first);
        Assert.Equal("runner --help\n", second);
        Assert.Equal(1, publishedOnce);
        Assert.Equal(2, Publishes);
    }
}
