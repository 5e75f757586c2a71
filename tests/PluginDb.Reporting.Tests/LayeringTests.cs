namespace PluginDb.Reporting.Tests;

public sealed class LayeringTests
{
    [Fact]
    public void The_library_does_not_reference_the_console()
    {
        // build/ owns the console; renderers write to the TextWriter they are given.
        var referenced = typeof(JsonReportWriter).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain("System.Console", referenced);
        Assert.Contains("PluginDb.Core", referenced);
    }
}
