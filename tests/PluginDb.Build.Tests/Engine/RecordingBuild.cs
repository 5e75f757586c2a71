using PluginDb.Build.Engine;

namespace PluginDb.Build.Tests.Engine;

/// <summary>A test build that records which targets ran, in order.</summary>
internal abstract class RecordingBuild : BuildBase
{
    public List<string> Executed { get; } = [];

    protected Action Record(string name) => () =>
    {
        lock (Executed)
        {
            Executed.Add(name);
        }
    };
}
