namespace PluginDb.Build;

internal static class Program
{
    public static int Main() => 0;
}
