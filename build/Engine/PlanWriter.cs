namespace PluginDb.Build.Engine;

/// <summary>Writes <c>--plan</c>: the targets in run order and the parameter values they would see.</summary>
internal static class PlanWriter
{
    public static async Task WriteAsync(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<BoundParameter> parameters, TextWriter writer)
    {
        await writer.WriteLineAsync("Plan:");
        var targets = new TextTable("  ", 0);
        for (var i = 0; i < plan.Count; i++)
        {
            targets.Row(
                $"{i + 1}.",
                plan[i].Name,
                plan[i].IsAssuredAfterFailure ? "(runs also after a failure)" : string.Empty);
        }

        await targets.WriteAsync(writer);
        if (parameters.Count > 0)
        {
            await writer.WriteLineAsync();
            await writer.WriteLineAsync("Parameters:");
            var values = new TextTable("  ");
            foreach (var binding in parameters)
            {
                values.Row(
                    binding.Parameter.OptionName,
                    ParameterValues.Format(binding.Parameter, binding.Value),
                    $"({binding.Origin.ToString().ToLowerInvariant()})");
            }

            await values.WriteAsync(writer);
        }
    }
}
